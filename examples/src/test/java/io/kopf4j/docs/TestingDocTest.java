package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.docs.walkthrough.HelloOperator;
import io.kopf4j.embedded.EmbeddedApiServer;
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

/** The tests shown in src/docs/testing.md. */
@WithEmbeddedApiServer
class TestingDocTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void operatorKeepsWorkingWhenAnotherApiGroupIsUnavailable(EmbeddedApiServer server) throws Exception {
        // snippet:faults
        // The apps/v1 group answers 503, as an unavailable aggregated API does on OpenShift.
        server.faults().fail("GET", "/apis/apps/v1", 503, 1000);
        try (OperatorRunner runner = OperatorRunner.builder(new HelloOperator())
                .client(server.client())
                .namespaces("default")
                .settings(s -> s.posting().loggers(true))
                .start()) {
            createExample(server.client(), "despite-503", Map.of(), Map.of("field", "x"));
            JsonNode obj = awaitExample(server.client(), "despite-503", o -> o.path("status").has("created"));
            assertEquals("hello x", obj.path("status").path("created").path("message").asText());
            assertEquals(List.of(), runner.errors());
        } finally {
            server.faults().clear();
        }
        // end:faults
    }
}
