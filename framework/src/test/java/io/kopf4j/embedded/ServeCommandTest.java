package io.kopf4j.embedded;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The standalone {@code serve} command, run as its own process as a user runs it. */
class ServeCommandTest {

    @Test
    void servePrintsUrlAndKubeconfigServesAndExitsZeroOnSigterm() throws Exception {
        Path kubeconfig = Files.createTempFile("serve-test-", ".kubeconfig");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.kopf4j.embedded.Serve", "serve", "--port", "0", "--kubeconfig-out", kubeconfig.toString()))
                .redirectErrorStream(false).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String urlLine = out.readLine();
            String kubeconfigLine = out.readLine();
            assertTrue(urlLine.startsWith("Embedded Kubernetes API server: http://127.0.0.1:"), urlLine);
            assertEquals("Kubeconfig: " + kubeconfig.toAbsolutePath(), kubeconfigLine);
            String url = urlLine.substring(urlLine.indexOf("http://"));
            assertTrue(Files.readString(kubeconfig).contains("server: " + url), "the kubeconfig points at the server");

            HttpResponse<String> version = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "/version")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, version.statusCode());
            assertTrue(version.body().contains("\"gitVersion\""), version.body());

            p.destroy();  // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "serve stops on SIGTERM");
            assertEquals(0, p.exitValue(), "a signal is the normal way to stop serve");
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(kubeconfig);
        }
    }

    @Test
    void serveRejectsAnUnknownOptionWithExitCodeTwo() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Serve.run(new String[]{"serve", "--bogus"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
    }
}
