package io.kopf4j.examples.builtins;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.kopf4j.examples.support.ExampleCluster.FINALIZER;
import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class BuiltinsOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void podsAreKilledAfterTheirLifetimeExceptInSystemNamespaces() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(),
                     new BuiltinsOperator(cluster.client(), Duration.ofSeconds(1)))) {
            cluster.createPod("kube-system", "system-pod", Map.of());
            cluster.createPod("default", "doomed-pod", Map.of());

            log.await("[default/doomed-pod] === Pod killing happens in 1s.");
            log.await("[default/doomed-pod] === Pod killing happens NOW!");
            eventually(() -> assertTrue(cluster.findPod("default", "doomed-pod").isEmpty(), "killed"));

            V1Pod survivor = cluster.findPod("kube-system", "system-pod").orElseThrow();
            assertEquals(List.of(FINALIZER), survivor.getMetadata().getFinalizers(), "served, but spared");
            assertFalse(log.contains("[kube-system/system-pod] === Pod killing"));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void aPodDeletedBeforeItsTimeHasItsKillingCancelled() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new BuiltinsOperator(cluster.client()))) {
            cluster.createPod("default", "short-lived-pod", Map.of());
            log.await("[default/short-lived-pod] === Pod killing happens in 30s.");
            eventually(() -> assertEquals(List.of(FINALIZER), cluster.findPod("default", "short-lived-pod")
                    .orElseThrow().getMetadata().getFinalizers()));

            cluster.deletePod("default", "short-lived-pod");
            log.await("[default/short-lived-pod] === Pod killing is cancelled!");
            eventually(() -> assertTrue(cluster.findPod("default", "short-lived-pod").isEmpty(),
                    "released by the delete handler"));
            assertEquals(List.of(), runner.errors());
        }
    }
}
