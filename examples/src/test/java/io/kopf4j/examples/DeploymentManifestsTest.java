package io.kopf4j.examples;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The manifests under src/main/kubernetes validate with kubectl and apply to a cluster (the embedded one). */
class DeploymentManifestsTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Path MANIFESTS = Path.of("..", "src", "main", "kubernetes");
    private static EmbeddedApiServer server;
    private static Path cacheDir;

    @BeforeAll
    static void startServer() throws Exception {
        server = EmbeddedApiServer.builder().build().start();
        cacheDir = Files.createTempDirectory("kubectl-cache-");
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String kubectl(String... args) throws Exception {
        assumeTrue(Files.isExecutable(KUBECTL), "kubectl not found at /usr/bin/kubectl: skipping manifest checks");
        List<String> cmd = new java.util.ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig",
                server.kubeconfig().toString(), "--cache-dir", cacheDir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl timed out: " + cmd);
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"crd.yaml", "peering.yaml", "rbac.yaml", "deployment.yaml"})
    void manifestPassesKubectlClientDryRun(String manifest) throws Exception {
        String out = kubectl("apply", "--dry-run=client", "--validate=false", "-f", MANIFESTS.resolve(manifest)
                .toString());
        assertTrue(out.contains("(dry run)"), out);
    }

    @Test
    void crdRbacAndDeploymentApplyToACluster() throws Exception {
        for (String m : List.of("crd.yaml", "peering.yaml", "peering-default.yaml", "rbac.yaml", "deployment.yaml")) {
            kubectl("apply", "-f", MANIFESTS.resolve(m).toString());
        }
        var client = server.client();
        assertEquals("kopfexamples.kopf.dev", new ApiextensionsV1Api(client)
                .readCustomResourceDefinition("kopfexamples.kopf.dev").execute().getMetadata().getName());
        assertEquals("kopf4j-example", new RbacAuthorizationV1Api(client).readClusterRole("kopf4j-example")
                .execute().getMetadata().getName());
        assertEquals(List.of("run", "--all-namespaces", "--liveness", "http://0.0.0.0:8080/healthz"),
                new AppsV1Api(client).readNamespacedDeployment("kopf4j-example", "default").execute().getSpec()
                        .getTemplate().getSpec().getContainers().get(0).getArgs());
    }
}
