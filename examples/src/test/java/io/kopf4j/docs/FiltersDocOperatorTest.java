package io.kopf4j.docs;

import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.createExample;
import static io.kopf4j.docs.DocsTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class FiltersDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    static void mergePatch(ApiClient client, String name, String patch) throws Exception {
        PatchUtils.patch(Object.class, () -> new CustomObjectsApi(client).patchNamespacedCustomObject(
                "kopf.dev", "v1", "default", "kopfexamples", name, new V1Patch(patch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    @Test
    void onlyTheObjectsThatPassTheFiltersReachTheHandlers(ApiClient client) throws Exception {
        FiltersDocOperator op = new FiltersDocOperator();
        try (OperatorRunner runner = OperatorRunner.start(client, op)) {
            createExample(client, "f-web", Map.of("app", "web", "tier", "1", "owner", "team-a"), Map.of());
            createExample(client, "f-legacy", Map.of("app", "web", "tier", "1", "owner", "team-a", "legacy", "y"),
                    Map.of());
            createExample(client, "f-foreign", Map.of("app", "web", "tier", "1", "owner", "someone"), Map.of());
            createExample(client, "f-managed", Map.of(), Map.of("managed", true, "replicas", 2));
            createExample(client, "tmp-managed", Map.of(), Map.of("managed", true));

            eventually(() -> assertTrue(op.calls.contains("web f-web") && op.calls.contains("managed f-managed"),
                    op.calls.toString()));
            mergePatch(client, "f-managed", "{\"spec\":{\"replicas\":0,\"mode\":\"fast\"}}");
            eventually(() -> assertTrue(op.calls.contains("zero f-managed") && op.calls.contains("mode f-managed"),
                    op.calls.toString()));
            mergePatch(client, "tmp-managed", "{\"spec\":{\"replicas\":1,\"mode\":\"wild\"}}");
            eventually(() -> assertTrue(op.calls.contains("event kopfexamples tmp-managed"), op.calls.toString()));
            // The last change was seen (its events arrived), and by now its handlers would have run; none matched.
            eventually(() -> assertTrue(op.calls.stream().filter(c -> c.equals("event kopfexamples tmp-managed"))
                    .count() >= 2, op.calls.toString()));

            for (String never : List.of("web f-legacy", "web f-foreign", "managed tmp-managed", "zero tmp-managed",
                    "mode tmp-managed")) {
                assertFalse(op.calls.contains(never), never + " in " + op.calls);
            }
            assertEquals(List.of(), runner.errors());
        }
    }
}
