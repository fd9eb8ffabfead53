package io.kopf4j.examples.peering;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.Manifests;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kopf4j.testing.WithEmbeddedApiServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

@WithEmbeddedApiServer
class PeeringOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client, Manifests.CRD, Manifests.PEERING, Manifests.PEERING_DEFAULT);
    }

    /** The priorities of the operators alive in the default cluster-wide peering, as they announce themselves. */
    private static List<Integer> peerPriorities() throws Exception {
        JsonNode peering = ExampleCluster.JSON.valueToTree(new CustomObjectsApi(cluster.client())
                .getClusterCustomObject("kopf.dev", "v1", "clusterkopfpeerings", "default").execute());
        List<Integer> priorities = new ArrayList<>();
        peering.path("status").elements().forEachRemaining(p -> priorities.add(p.path("priority").asInt()));
        priorities.sort(null);
        return priorities;
    }

    private static String handledBy(String name) throws Exception {
        return cluster.await(name, "status.create_fn.operator").asText();
    }

    /**
     * An operator of the given priority ({@code --priority}; {@code --dev} is 666). The keep-alives last 10 s here
     * instead of 60 s, so that a paused operator notices a peer's exit within a second (it re-reads the peering
     * every tenth of the lifetime).
     */
    private static OperatorRunner start(String name, int priority) {
        return OperatorRunner.builder(new PeeringOperator(name)).client(cluster.client())
                .settings(s -> s.peering().priority(priority).lifetime(Duration.ofSeconds(10))).start();
    }

    @Test
    void theDevOperatorHandlesWhileTheOtherPausesAndTheOtherTakesOverWhenItExits() throws Exception {
        OperatorRunner dev = start("dev", 666);
        try (OperatorRunner deployed = start("deployed", 0)) {
            eventually(() -> assertEquals(List.of(0, 666), peerPriorities()));

            cluster.create("kopf-example-1");
            assertEquals("dev", handledBy("kopf-example-1"));

            dev.close();
            eventually(() -> assertEquals(List.of(0), peerPriorities()));
            cluster.create("kopf-example-2");
            assertEquals("deployed", handledBy("kopf-example-2"));
            assertEquals("dev", handledBy("kopf-example-1"), "handled once, by the one that was active");
            assertEquals(List.of(), deployed.errors());
        } finally {
            dev.close();
        }
        eventually(() -> assertEquals(List.of(), peerPriorities()));
    }
}
