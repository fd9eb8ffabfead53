package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class IndexingDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void handlerSeesTheIndexOfObjectsThatExistedBeforeIt(ApiClient client) throws Exception {
        CoreV1Api core = new CoreV1Api(client);
        for (String name : List.of("settings", "features")) {
            core.createNamespacedConfigMap("default", new V1ConfigMap().metadata(new V1ObjectMeta().name(name))
                    .data(Map.of("k", "v"))).execute();
        }
        try (OperatorRunner runner = OperatorRunner.start(client, new IndexingDocOperator())) {
            createExample(client, "indexed", Map.of(), Map.of());
            JsonNode obj = awaitExample(client, "indexed", o -> o.path("status").has("configMapsHere"));
            List<String> here = DocsTestSupport.JSON.convertValue(obj.path("status").path("configMapsHere"),
                    DocsTestSupport.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
            assertTrue(here.containsAll(List.of("features", "settings")), here.toString());
            assertEquals(List.of(), runner.errors());
        }
    }
}
