package io.kopf4j.docs.walkthrough;

// snippet:test-imports
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.Yaml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
// end:test-imports

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The walkthrough's test (src/docs/walkthrough.md): the operator of the walkthrough on the embedded server. */
// snippet:test
@WithEmbeddedApiServer
class HelloOperatorTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void installTheCrd(ApiClient client) throws Exception {
        try (Reader yaml = new InputStreamReader(
                HelloOperatorTest.class.getResourceAsStream("/crd.yaml"), StandardCharsets.UTF_8)) {
            V1CustomResourceDefinition crd = Yaml.loadAs(yaml, V1CustomResourceDefinition.class);
            new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
        }
    }

    @Test
    void createHandlerStoresItsResultInTheStatus(ApiClient client) throws Exception {
        CustomObjectsApi api = new CustomObjectsApi(client);
        try (OperatorRunner runner = OperatorRunner.start(client, new HelloOperator())) {
            api.createNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", Map.of(
                    "apiVersion", "kopf.dev/v1", "kind", "KopfExample",
                    "metadata", Map.of("name", "hello-1"),
                    "spec", Map.of("field", "world"))).execute();

            JsonNode obj = JSON.createObjectNode();
            for (long end = System.nanoTime() + 30_000_000_000L; System.nanoTime() < end; Thread.sleep(50)) {
                obj = JSON.valueToTree(api.getNamespacedCustomObject(
                        "kopf.dev", "v1", "default", "kopfexamples", "hello-1").execute());
                if (obj.path("status").has("created")) {
                    break;                          // the operator handled it
                }
            }

            assertEquals("hello world", obj.path("status").path("created").path("message").asText());
            assertTrue(obj.path("metadata").path("finalizers").toString().contains("kopf.zalando.org"));
            assertEquals(List.of(), runner.errors());
        }
    }
}
// end:test
