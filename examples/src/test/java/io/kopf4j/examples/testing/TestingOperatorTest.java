package io.kopf4j.examples.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.Yaml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kopf's example 09, the test of an operator: {@code @WithEmbeddedApiServer} gives the class one embedded Kubernetes
 * API server (injected as {@code EmbeddedApiServer} or as a client-java {@code ApiClient}), {@link OperatorRunner} runs
 * the operator against it in the background, and the test drives the cluster as a user would and checks what the
 * operator did. Kopf: {@code kopf.testing.KopfRunner}.
 */
@WithEmbeddedApiServer
class TestingOperatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String GROUP = "kopf.dev";
    static final String VERSION = "v1";
    static final String PLURAL = "kopfexamples";

    @BeforeAll
    static void installTheCrd(ApiClient client) throws Exception {
        try (Reader yaml = new InputStreamReader(TestingOperatorTest.class.getResourceAsStream("/crd.yaml"),
                StandardCharsets.UTF_8)) {
            new ApiextensionsV1Api(client).createCustomResourceDefinition(
                    Yaml.loadAs(yaml, V1CustomResourceDefinition.class)).execute();
        }
    }

    @Test
    void resourceLifecycle(EmbeddedApiServer server, ApiClient client) throws Exception {
        assertTrue(Files.isRegularFile(server.kubeconfig()), "kubectl --kubeconfig works against it too");
        CustomObjectsApi api = new CustomObjectsApi(client);
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(client, new TestingOperator())) {
            api.createNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, Map.of(
                    "apiVersion", "kopf.dev/v1", "kind", "KopfExample",
                    "metadata", Map.of("name", "kopf-example-1"),
                    "spec", Map.of("field", "value"))).execute();

            // Wait for the operator: the cause is handled once its diff base is stored on the object.
            JsonNode obj = waitFor(api, o -> o.path("metadata").path("annotations")
                    .has("kopf.zalando.org/last-handled-configuration"));
            log.await("[default/kopf-example-1] Something was logged here.");
            log.await("[default/kopf-example-1] Creation is processed: 1 succeeded; 0 failed.");
            assertTrue(obj.path("metadata").path("finalizers").isEmpty(), "no delete handler, no finalizer");

            api.deleteNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "kopf-example-1").execute();
            ApiException gone = assertThrows(ApiException.class, () -> api.getNamespacedCustomObject(GROUP, VERSION,
                    "default", PLURAL, "kopf-example-1").execute());
            assertEquals(404, gone.getCode(), "nothing holds the object back");

            // The operator neither died nor failed on the way.
            assertEquals(List.of(), runner.errors());
        }
    }

    /** Polls the object until the condition holds (30 s at most). */
    private static JsonNode waitFor(CustomObjectsApi api, java.util.function.Predicate<JsonNode> condition)
            throws ApiException, InterruptedException {
        JsonNode obj = JSON.createObjectNode();
        for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; Thread.sleep(20)) {
            obj = JSON.valueToTree(api.getNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "kopf-example-1")
                    .execute());
            if (condition.test(obj)) {
                return obj;
            }
        }
        throw new AssertionError("the operator did not handle the object in time: " + obj);
    }
}
