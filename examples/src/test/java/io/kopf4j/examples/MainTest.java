package io.kopf4j.examples;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.examples.support.ExampleCluster;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The jar's command line: {@code run EXAMPLE [--embedded] [run options]}, the list in {@code --help}. */
class MainTest {

    /** Runs the command line in this JVM; returns the exit code, and what it printed to out and err. */
    private static Object[] main(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Object[]{code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void helpListsEveryExampleByNumberAndName() throws Exception {
        Object[] result = main("--help");
        assertEquals(0, result[0]);
        for (Example e : Example.values()) {
            assertTrue(((String) result[1]).contains("  " + e.number() + " " + e.exampleName() + " "),
                    e + " in\n" + result[1]);
        }
    }

    @Test
    void examplesAreFoundByNameOrByKopfsNumber() {
        assertEquals(Example.CHILDREN, Example.find("children").orElseThrow());
        assertEquals(Example.CHILDREN, Example.find("02").orElseThrow());
        assertEquals(Example.ALL_AT_ONCE, Example.find("99").orElseThrow());
        assertEquals(Example.ADMISSION, Example.find("17").orElseThrow());
    }

    @Test
    void anUnknownExampleIsAUsageErrorNamingIt() throws Exception {
        Object[] result = main("run", "no-such-example", "--embedded");
        assertEquals(2, result[0]);
        assertTrue(((String) result[2]).contains("No example named 'no-such-example'."), (String) result[2]);
        assertTrue(((String) result[2]).contains("01 minimal"), "the list follows");
    }

    @Test
    void embeddedAndAKubeconfigExcludeEachOther() throws Exception {
        Object[] result = main("run", "minimal", "--embedded", "--kubeconfig", "/tmp/elsewhere");
        assertEquals(2, result[0]);
        assertTrue(((String) result[2]).contains("--embedded and --kubeconfig/--context exclude each other."));
    }

    @Test
    void theClientOfAnExampleConnectsWhereTheKubeconfigSays() throws Exception {
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            var client = Clusters.lazy(List.of("-n", "default", "--kubeconfig=" + server.kubeconfig())).get();
            assertEquals(server.url(), client.getBasePath());
            assertFalse(new CoreV1Api(client).listNamespace().execute().getItems().isEmpty());
        }
    }

    @Test
    void anExampleRunsAsAProcessOnAFreshEmbeddedServerAndExitsZeroOnSigterm() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), Main.class.getName(), "run", "children", "--embedded",
                "-n", "default"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("KOPF_"));
        Process process = builder.start();
        List<String> out = lines(process.getInputStream());
        List<String> err = lines(process.getErrorStream());
        try {
            String kubeconfig = awaitLine(out, "Kubeconfig: ", process);
            assertTrue(out.contains("Applied: /crd.yaml"), out.toString());
            ExampleCluster cluster = ExampleCluster.of(Clusters.connect(kubeconfig, null));

            cluster.create("kopf-example-1");   // the CRD is there already
            cluster.await("kopf-example-1", "status.create_fn.children");
            assertEquals(1, cluster.pods("default", "somelabel=somevalue").size(), "the child, created by the "
                    + "operator's own client on the same server");

            process.destroy();   // SIGTERM
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                fail("the example did not stop on SIGTERM: " + err);
            }
            assertEquals(0, process.exitValue(), String.join("\n", err));
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> lines(InputStream stream) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process has gone.
            }
        }, "example-output");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private static String awaitLine(List<String> lines, String prefix, Process process) {
        String[] found = new String[1];
        eventually(Duration.ofSeconds(30), () -> {
            assertTrue(process.isAlive() || lines.stream().anyMatch(l -> l.startsWith(prefix)), "exited: " + lines);
            found[0] = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length())).orElse(null);
            assertTrue(found[0] != null, "no line " + prefix + " yet: " + lines);
        });
        return found[0];
    }
}
