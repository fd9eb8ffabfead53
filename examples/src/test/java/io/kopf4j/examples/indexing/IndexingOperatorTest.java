package io.kopf4j.examples.indexing;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.Probes;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class IndexingOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
        new CoreV1Api(client).createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name("elsewhere")))
                .execute();
    }

    @Test
    void theTimerAndTheProbesSeeThePodsThroughTheIndices() throws Exception {
        cluster.createPod("default", "running-pod", Map.of("app", "web"));
        cluster.podPhase("default", "running-pod", "Running");
        cluster.createPod("default", "pending-pod", Map.of("app", "web"));
        cluster.createPod("elsewhere", "running-elsewhere", Map.of("app", "db"));
        cluster.podPhase("elsewhere", "running-elsewhere", "Running");

        Operator operator = Kopf.operator(new IndexingOperator()).client(cluster.client())
                .liveness("http://127.0.0.1:0/healthz");
        try (operator) {
            operator.start();
            assertTrue(operator.awaitReady(Duration.ofSeconds(30)));
            JsonNode probes = Probes.read(operator);
            assertEquals(3, probes.path("podCount").asInt(), probes.toString());
            assertEquals(ExampleCluster.JSON.valueToTree(List.of("pending-pod", "running-elsewhere", "running-pod")),
                    probes.path("podNames"));

            cluster.create("kopf-example-1");
            JsonNode running = cluster.await("kopf-example-1", "status.running-pods");
            assertEquals(ExampleCluster.JSON.valueToTree(List.of("default::running-pod")), running,
                    "only running pods, only in kube-system and default");
            assertEquals(List.of(), operator.errors());
        }
    }
}
