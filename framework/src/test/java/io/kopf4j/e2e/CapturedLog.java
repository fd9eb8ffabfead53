package io.kopf4j.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the operator logs while a test runs: the test log binding (slf4j-simple) writes to whatever {@code System.err}
 * is at the time of each line, so this tees {@code System.err} into a buffer until closed. The lines still reach the
 * real stderr. Test classes run one after another in one JVM, so stray lines of other tests cannot interleave.
 */
final class CapturedLog implements AutoCloseable {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    CapturedLog() {
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

    List<String> lines() {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        return Arrays.asList(text.split("\\R"));
    }

    /** The lines logged at WARN level. */
    List<String> warnings() {
        return lines().stream().filter(l -> l.contains(" WARN ")).toList();
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
