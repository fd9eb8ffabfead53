package io.kopf4j.examples.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators log while a test runs (Kopf's {@code KopfRunner.output}): slf4j-simple writes each line to whatever
 * {@code System.err} is at the time, so this tees {@code System.err} into a buffer until closed; the lines still reach
 * the real stderr. Lines about an object start with {@code [namespace/name]}, so tests look for lines about their own
 * objects.
 */
public final class OperatorLog implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public OperatorLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (buffer) {
                    buffer.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public List<String> lines() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        return Arrays.asList(text.split("\\R"));
    }

    /** The lines that contain all the fragments. */
    public List<String> lines(String... fragments) {
        return lines().stream().filter(l -> Arrays.stream(fragments).allMatch(l::contains))
                .collect(Collectors.toList());
    }

    /** Whether some line contains all the fragments. */
    public boolean contains(String... fragments) {
        return !lines(fragments).isEmpty();
    }

    /** Waits until some line contains all the fragments. */
    public void await(String... fragments) {
        ExampleCluster.eventually(() -> assertTrue(contains(fragments),
                "no line with " + Arrays.toString(fragments)));
    }

    /** Waits until some line contains any one of the texts. */
    public void awaitAny(String... texts) {
        ExampleCluster.eventually(() -> assertTrue(Arrays.stream(texts).anyMatch(this::contains),
                "no line with any of " + Arrays.toString(texts)));
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
