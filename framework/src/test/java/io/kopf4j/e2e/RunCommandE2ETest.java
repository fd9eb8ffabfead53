package io.kopf4j.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code Kopf.run(args, operators...)} from a user's {@code main}, as a real process: it blocks until SIGTERM and
 * exits with the code it returns (api.md §4, features.md C "CLI" and "graceful shutdown").
 */
class RunCommandE2ETest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    /** A started {@link SampleMain} process whose output lines are collected as they come. */
    static final class Sample implements AutoCloseable {
        final Process process;
        final List<String> out = new CopyOnWriteArrayList<>();
        final List<String> err = new CopyOnWriteArrayList<>();

        Sample(String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-cp");
            command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
            command.add(SampleMain.class.getName());
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().keySet().removeIf(k -> k.startsWith("KOPF_"));
            process = builder.start();
            collect(process.getInputStream(), out);
            collect(process.getErrorStream(), err);
        }

        private static void collect(InputStream stream, List<String> lines) {
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The process has gone.
                }
            }, "sample-output");
            t.setDaemon(true);
            t.start();
        }

        /** The rest of the first output line that starts with the prefix, waiting for it. */
        String awaitLine(String prefix) {
            String[] found = new String[1];
            eventually(Duration.ofSeconds(20), () -> {
                for (String line : out) {
                    if (line.startsWith(prefix)) {
                        found[0] = line.substring(prefix.length()).trim();
                        return;
                    }
                }
                assertTrue(process.isAlive(), "the process exited: " + out + " " + err);
                fail("no line '" + prefix + "' yet: " + out);
            });
            return found[0];
        }

        int awaitExit() throws InterruptedException {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("the process did not exit within " + EXIT_TIMEOUT + "; stderr: " + String.join("\n", err));
            }
            return process.exitValue();
        }

        String output() {
            return String.join("\n", out) + "\n" + String.join("\n", err);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private static void handles(TestCluster cluster) {
        String name = TestCluster.unique("process");
        cluster.create(name, "{}");
        eventually(Duration.ofSeconds(20), () -> assertEquals("hello " + name,
                cluster.get(name).path("status").path("created").path("message").asText()));
    }

    @Test
    void withEmbeddedItServesAClusterHandlesObjectsAndExitsZeroOnSigterm() throws Exception {
        try (Sample sample = new Sample("--embedded")) {
            String url = sample.awaitLine("Embedded Kubernetes API server:");
            String kubeconfig = sample.awaitLine("Kubeconfig:");
            assertTrue(url.startsWith("http"), url);
            assertTrue(Files.readString(Path.of(kubeconfig)).contains(url), kubeconfig);
            handles(TestCluster.at(url));   // the CRD is created after the operator started: served when it appears
            long stopping = System.nanoTime();
            sample.process.destroy();   // SIGTERM
            assertEquals(0, sample.awaitExit(), sample.output());
            assertTrue(System.nanoTime() - stopping < Duration.ofSeconds(5).toNanos(), "stopped promptly");
        }
    }

    @Test
    void withAKubeconfigAndANamespaceItHandlesObjectsOfThatCluster(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            Path kubeconfig = dir.resolve("kubeconfig");
            cluster.server.writeKubeconfig(kubeconfig);
            try (Sample sample = new Sample("--kubeconfig", kubeconfig.toString(), "-n", "default")) {
                handles(cluster);
                sample.process.destroy();
                assertEquals(0, sample.awaitExit(), sample.output());
            }
        }
    }

    @Test
    void helpExitsZero() throws Exception {
        try (Sample sample = new Sample("--help")) {
            assertEquals(0, sample.awaitExit(), sample.output());
            assertTrue(sample.output().contains("Usage"), sample.output());
        }
    }

    @Test
    void anUnknownOptionIsAUsageErrorWithExitCodeTwo() throws Exception {
        try (Sample sample = new Sample("--no-such-option")) {
            assertEquals(2, sample.awaitExit(), sample.output());
            assertNotNull(sample.output());
            assertTrue(sample.output().contains("--no-such-option"), sample.output());
        }
    }
}

