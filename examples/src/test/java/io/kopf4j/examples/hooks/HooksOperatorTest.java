package io.kopf4j.examples.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.examples.support.Probes;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class HooksOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void startupRetriesBeforeServingProbesReportTheTasksAndCleanupStopsThem() throws Exception {
        cluster.createPod("default", "pod-a", Map.of());
        cluster.createPod("kube-system", "pod-b", Map.of());
        try (OperatorLog log = new OperatorLog()) {
            Operator operator = Kopf.operator(new HooksOperator(Duration.ofSeconds(1))).client(cluster.client())
                    .liveness("http://127.0.0.1:0/healthz");
            try (operator) {
                operator.start();
                assertTrue(operator.awaitReady(Duration.ofSeconds(30)));
                for (int retry = 0; retry < 3; retry++) {
                    assertTrue(log.contains("Startup handler 'startupFnRetried' failed temporarily: Going to succeed in "
                            + (3 - retry) + "s"), "attempt " + retry);
                }
                assertTrue(log.contains("Starting retried..."), "the startup handlers succeeded before the start");

                log.await("[default/pod-a] Started a background task.");
                log.await("[kube-system/pod-b] Started a background task.");
                JsonNode probes = Probes.read(operator);
                assertEquals(2, probes.path("tasksCount").asInt(), probes.toString());
                assertEquals(ExampleCluster.JSON.readTree("{\"default\":[\"pod-a\"],\"kube-system\":[\"pod-b\"]}"),
                        probes.path("monitoredObjects"));
                log.await("[default/pod-a] Served by the background task.");
                assertEquals(List.of(), operator.errors());
            }
            assertTrue(log.contains("All pod-tasks are requested to stop..."), "the cleanup handler ran at the exit");
            log.await("[default/pod-a] Serving is finished by request.");
            log.await("[kube-system/pod-b] Serving is finished by request.");
        }
    }
}
