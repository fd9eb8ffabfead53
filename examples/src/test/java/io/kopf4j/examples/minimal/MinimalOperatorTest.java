package io.kopf4j.examples.minimal;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.finalizers;
import static io.kopf4j.examples.support.ExampleCluster.progressKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;

@WithEmbeddedApiServer
class MinimalOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void createHandlerStoresItsResultUnderItsIdWithoutAFinalizer() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new MinimalOperator())) {
            cluster.create("kopf-example-1");

            assertEquals("hello world", cluster.await("kopf-example-1", "status.create_fn.message").asText());
            JsonNode obj = cluster.awaitHandled("kopf-example-1");
            assertEquals(List.of(), finalizers(obj), "no delete handler: no finalizer");
            assertEquals(List.of(), progressKeys(obj), "the progress is purged once handled");

            cluster.delete("kopf-example-1");
            cluster.awaitGone("kopf-example-1");
            assertEquals(List.of(), runner.errors());
        }
    }
}
