package io.kopf4j.examples.rawevents;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.examples.support.ExampleCluster.finalizers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class RawEventsOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void eventHandlersSeeEveryEventStoreNothingAndSurviveTheirErrors() throws Exception {
        cluster.create("kopf-example-listed");
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new RawEventsOperator())) {
            log.await("[default/kopf-example-listed] Event received: null ");   // seen while listing: no type

            cluster.create("kopf-example-1");
            log.await("[default/kopf-example-1] Event received: ADDED ");
            cluster.patch("kopf-example-1", "{\"spec\": {\"field\": \"changed\"}}");
            log.await("[default/kopf-example-1] Event received: MODIFIED ", "\"changed\"");
            cluster.delete("kopf-example-1");
            log.await("[default/kopf-example-1] Event received: DELETED ");
            assertTrue(log.contains("[default/kopf-example-1] ", "eventFnWithError", "Oops!"), "the error is logged");

            JsonNode untouched = cluster.get("kopf-example-listed");
            assertEquals(List.of(), finalizers(untouched), "no finalizer");
            assertEquals(ExampleCluster.JSON.valueToTree(Map.of("someannotation", "somevalue")),
                    untouched.path("metadata").path("annotations"), "only its own annotation, none of the operator");
            assertFalse(untouched.has("status"), "no status");
            assertEquals(List.of(), cluster.events("kopf-example-1"), "no Events");
            assertEquals(List.of(), runner.errors(), "the errors of event handlers are the handlers' own");
        }
    }
}
