package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static io.kopf4j.docs.DocsTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class HandlersDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void eachCauseReachesItsHandlerAndARestartResumes(ApiClient client) throws Exception {
        HandlersDocOperator first = new HandlersDocOperator();
        try (OperatorRunner runner = OperatorRunner.start(client, first)) {
            createExample(client, "causes", Map.of(), Map.of("field", "a", "items", List.of("x", "y")));
            JsonNode obj = awaitExample(client, "causes",
                    o -> o.path("status").has("created") && o.path("status").path("seen").size() == 2);
            assertEquals(2, obj.path("status").path("created").path("items").asInt());
            assertTrue(obj.path("status").path("seen").path("x").asBoolean(), obj.toString());

            PatchUtils.patch(Object.class, () -> new CustomObjectsApi(client).patchNamespacedCustomObject(
                    "kopf.dev", "v1", "default", "kopfexamples", "causes",
                    new V1Patch("{\"spec\":{\"field\":\"b\"}}")).buildCall(null),
                    V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
            awaitExample(client, "causes", o -> o.path("status").path("field").asText().equals("b"));
            eventually(() -> assertTrue(first.calls.contains("update 1"), first.calls.toString()));
            assertTrue(first.calls.contains("create"), first.calls.toString());
            assertTrue(first.calls.contains("event ADDED") && first.calls.contains("event MODIFIED"),
                    first.calls.toString());
            assertTrue(obj.path("metadata").path("finalizers").isMissingNode(), "an optional delete handler only");
            assertEquals(List.of(), runner.errors());
        }

        HandlersDocOperator second = new HandlersDocOperator();
        try (OperatorRunner runner = OperatorRunner.start(client, second)) {
            eventually(() -> assertTrue(second.calls.contains("resume causes"), second.calls.toString()));
            assertTrue(!second.calls.contains("create"), "created once only: " + second.calls);
        }
    }
}
