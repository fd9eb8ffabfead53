package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class ComingFromKopfOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void labelledObjectWithASizeGetsItsResultAndTheLabel(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new ComingFromKopfOperator())) {
            createExample(client, "sized", Map.of("app", "demo"), Map.of("size", 3));
            JsonNode obj = awaitExample(client, "sized", o -> o.path("status").has("createFn"));
            assertEquals(3, obj.path("status").path("createFn").path("size").asInt());
            assertEquals("yes", obj.path("metadata").path("labels").path("seen").asText());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void objectWithoutASizeFailsPermanentlyWithAnErrorEvent(ApiClient client) throws Exception {
        // Kopf posts its log lines as Events; kopf4j does so only with posting.loggers (see configuration.md).
        try (OperatorRunner runner = OperatorRunner.builder(new ComingFromKopfOperator()).client(client)
                .settings(s -> s.posting().loggers(true)).start()) {
            createExample(client, "unsized", Map.of("app", "demo"), Map.of());
            // Handling ends (the failure is final), so the progress is purged and the diff base stored, as in Kopf.
            JsonNode obj = awaitExample(client, "unsized", o -> o.path("metadata").path("annotations")
                    .has("kopf.zalando.org/last-handled-configuration"));
            assertTrue(obj.path("status").path("createFn").isMissingNode(), obj.toString());
            DocsTestSupport.awaitEvent(client, "unsized",
                    m -> m.startsWith("Error ") && m.contains("spec.size is required"));
        }
    }

    @Test
    void objectWithoutTheLabelIsLeftAlone(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new ComingFromKopfOperator())) {
            createExample(client, "other", Map.of("app", "other"), Map.of("size", 1));
            createExample(client, "marker", Map.of("app", "demo"), Map.of("size", 1));
            awaitExample(client, "marker", o -> o.path("status").has("createFn"));
            JsonNode other = DocsTestSupport.getExample(client, "other");
            assertTrue(other.path("status").isMissingNode() && other.path("metadata").path("labels").path("seen")
                    .isMissingNode(), other.toString());
        }
    }
}
