package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.AdmissionError;
import io.kopf4j.DryRun;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import io.kopf4j.Warnings;
import io.kopf4j.WebhookServer;
import io.kopf4j.internal.admission.Certificates;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission handlers as users meet them: the operator serves its webhooks over HTTPS with a generated self-signed
 * certificate, registers them in managed webhook configurations (with the CA bundle), and the embedded API server
 * calls them on every create, so a client's create is refused with the validator's message or stored mutated.
 */
class AdmissionThroughTheApiServerE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    static class Admission {
        final List<Boolean> dryRuns = new CopyOnWriteArrayList<>();

        @On.Validate("kopfexamples")
        void sizeIsPositive(Spec spec, Warnings warnings, DryRun dryRun) {
            dryRuns.add(dryRun.value());
            Object size = spec.get("size");
            if (!(size instanceof Number) || ((Number) size).intValue() <= 0) {
                throw new AdmissionError("spec.size must be a positive number", 422);
            }
            if (((Number) size).intValue() > 100) {
                warnings.add("spec.size over 100 is slow");
            }
        }

        @On.Mutate("kopfexamples")
        void defaults(Spec spec, Patch patch) {
            patch.metadata().labels().put("kopf4j.io/admitted", "yes");
            if (spec.get("tier") == null) {
                patch.spec().put("tier", "standard");
            }
        }
    }

    static OperatorRunner start(TestCluster cluster, Admission op) {
        return OperatorRunner.builder(op).client(cluster.server.client())
                .settings(s -> s.admission().managed("admission.kopf4j.io")
                        .server(WebhookServer.selfSigned().withAddress("127.0.0.1", 0).withHost("localhost")))
                .start();
    }

    static Object create(TestCluster cluster, String name, Map<String, Object> spec, String dryRun)
            throws ApiException {
        return new CustomObjectsApi(cluster.server.client()).createNamespacedCustomObject("kopf.dev", "v1", "default",
                "kopfexamples", Map.of("apiVersion", "kopf.dev/v1", "kind", "KopfExample",
                        "metadata", Map.of("name", name), "spec", spec)).dryRun(dryRun).execute();
    }

    @Test
    void invalidObjectIsRefusedWithTheValidatorsMessageAndAValidOneIsStoredMutated() throws Exception {
        Admission op = new Admission();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = start(cluster, op)) {
            JsonNode config = cluster.send("GET", "/apis/admissionregistration.k8s.io/v1/"
                    + "validatingwebhookconfigurations/admission.kopf4j.io", null, 200);
            JsonNode hook = config.path("webhooks").path(0);
            assertTrue(hook.path("clientConfig").path("url").asText().startsWith("https://localhost:"), hook.toString());
            assertFalse(hook.path("clientConfig").path("caBundle").asText().isEmpty(), "the CA bundle is registered");

            ApiException refused = assertThrows(ApiException.class,
                    () -> create(cluster, "bad", Map.of("size", 0), null));
            assertEquals(422, refused.getCode());
            assertTrue(refused.getResponseBody().contains("denied the request: spec.size must be a positive number"),
                    refused.getResponseBody());
            assertEquals(null, cluster.find("bad"), "nothing is stored");

            create(cluster, "good", Map.of("size", 3), null);
            JsonNode stored = cluster.get("good");
            assertEquals("yes", stored.path("metadata").path("labels").path("kopf4j.io/admitted").asText());
            assertEquals("standard", stored.path("spec").path("tier").asText());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void dryRunReachesTheHandlersAndStoresNothing() throws Exception {
        Admission op = new Admission();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = start(cluster, op)) {
            create(cluster, "tried", Map.of("size", 2), "All");
            assertEquals(List.of(true), op.dryRuns);
            assertEquals(null, cluster.find("tried"));
        }
    }

    @Test
    void kubectlCreateOfAnInvalidObjectIsRefusedWithTheHandlersMessage() throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl is not installed");
        Admission op = new Admission();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = start(cluster, op)) {
            Path dir = Files.createTempDirectory("kopf4j-admission");
            Path manifest = Files.writeString(dir.resolve("bad.yaml"),
                    "apiVersion: kopf.dev/v1\nkind: KopfExample\nmetadata: {name: bad, namespace: default}\n"
                            + "spec: {size: -1}\n");
            List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig",
                    cluster.server.kubeconfig().toString(), "--cache-dir", dir.resolve("cache").toString(),
                    "create", "-f", manifest.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("HOME", dir.toString());
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl ran");
            String out = new String(p.getInputStream().readAllBytes());
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("admission webhook \"size-is-positive.admission.kopf4j.io\" denied the request: "
                    + "spec.size must be a positive number"), out);
        }
    }

    static void writePair(Path dir, Certificates.CertifiedKey ca) throws Exception {
        Certificates.CertifiedKey server = Certificates.issueServer(ca, List.of("localhost", "127.0.0.1"));
        Files.write(dir.resolve("tls.key.new"), Certificates.pem(server.privateKey()));
        Files.write(dir.resolve("tls.crt.new"), Certificates.pem(server.chain()));
        // Both files change at once, as a mounted Secret's do.
        Files.move(dir.resolve("tls.key.new"), dir.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.move(dir.resolve("tls.crt.new"), dir.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        Files.write(dir.resolve("ca.crt"), Certificates.pem(ca.chain()));
    }

    @Test
    void renewedCertificateFromAnotherCaIsServedAndItsBundleRegistered() throws Exception {
        Path dir = Files.createTempDirectory("kopf4j-webhook-tls");
        writePair(dir, Certificates.generateCa("first CA"));
        Admission op = new Admission();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                     .settings(s -> s.admission().managed("admission.kopf4j.io").server(WebhookServer.selfSigned()
                             .withAddress("127.0.0.1", 0).withHost("localhost")
                             .withCertificate(dir.resolve("tls.crt"), dir.resolve("tls.key"))
                             .withCaFile(dir.resolve("ca.crt"))
                             .withFileCheckInterval(Duration.ofMillis(200))))
                     .start()) {
            String path = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/admission.kopf4j.io";
            String before = cluster.send("GET", path, null, 200).at("/webhooks/0/clientConfig/caBundle").asText();
            create(cluster, "before", Map.of("size", 1), null);

            writePair(dir, Certificates.generateCa("second CA"));
            // The next handshake (the API server calling the webhook) sees the renewal; the configurations follow.
            TestCluster.eventually(WAIT, () -> {
                try {
                    create(cluster, TestCluster.unique("probe"), Map.of("size", 1), "All");
                } catch (ApiException e) {
                    // the API server still trusts the old CA until the bundle is updated: refused for now
                }
                String after = cluster.send("GET", path, null, 200).at("/webhooks/0/clientConfig/caBundle").asText();
                assertFalse(after.equals(before), "the renewed CA bundle is registered");
            });
            TestCluster.eventually(WAIT, () -> {
                try {
                    create(cluster, "after-" + System.nanoTime(), Map.of("size", 1), null);
                } catch (ApiException e) {
                    throw new AssertionError("refused after the renewal: " + e.getResponseBody(), e);
                }
            });
            ApiException refused = assertThrows(ApiException.class,
                    () -> create(cluster, "bad-after", Map.of("size", -5), null));
            assertTrue(refused.getResponseBody().contains("spec.size must be a positive number"));
            assertEquals(List.of(), runner.errors());
        }
    }
}
