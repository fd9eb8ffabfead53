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
class ErrorsDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void temporaryErrorsAreRetriedAndTheFinalResultStored(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new ErrorsDocOperator())) {
            createExample(client, "retried", Map.of(), Map.of("size", 1));
            JsonNode obj = awaitExample(client, "retried", o -> o.path("status").has("provision")
                    && o.path("metadata").path("annotations").has("kopf.zalando.org/last-handled-configuration"));
            assertEquals(3, obj.path("status").path("provision").path("attempts").asInt());
            assertTrue(obj.path("metadata").path("annotations").path("kopf.zalando.org/provision").isMissingNode(),
                    "the progress is purged once all handlers are done: " + obj);
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void progressAnnotationShowsTheRetriesWhileTheyGoOn(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new ErrorsDocOperator())) {
            createExample(client, "in-progress", Map.of(), Map.of("size", 1));
            JsonNode obj = awaitExample(client, "in-progress", o -> o.path("metadata").path("annotations")
                    .path("kopf.zalando.org/provision").asText().contains("\"retries\":1"));
            String progress = obj.path("metadata").path("annotations").path("kopf.zalando.org/provision").asText();
            assertTrue(progress.contains("the backend is not ready") && progress.contains("\"delayed\""), progress);
        }
    }
}
