package io.kopf4j.examples.children;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class ChildrenOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void everyObjectGetsAnAdoptedPodThatGoesWithIt() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new ChildrenOperator(cluster.client()))) {
            JsonNode parent = cluster.create("kopf-example-1");
            JsonNode children = cluster.await("kopf-example-1", "status.create_fn.children");

            List<V1Pod> pods = cluster.pods("default", "somelabel=somevalue");
            assertEquals(1, pods.size(), "one child pod, with the parent's labels");
            V1Pod pod = pods.get(0);
            assertTrue(pod.getMetadata().getName().startsWith("kopf-example-1-"), pod.getMetadata().getName());
            V1OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
            assertEquals("KopfExample", owner.getKind());
            assertEquals(parent.path("metadata").path("uid").asText(), owner.getUid());
            assertEquals(Boolean.TRUE, owner.getController());
            V1Container container = pod.getSpec().getContainers().get(0);
            assertEquals("value", container.getEnv().get(0).getValue());
            assertTrue(container.getArgs().get(0).contains("sleep 1m"), container.getArgs().toString());
            assertEquals(1, children.size());
            assertEquals(pod.getMetadata().getUid(), children.path(0).asText());

            cluster.delete("kopf-example-1");
            cluster.awaitGone("kopf-example-1");
            eventually(() -> assertEquals(List.of(), cluster.pods("default", "somelabel=somevalue"),
                    "the child is garbage-collected with its owner"));
            assertEquals(List.of(), runner.errors());
        }
    }
}
