package io.kopf4j.examples.allatonce;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class AllAtOnceOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void everyKindOfHandlerDoesItsPart() throws Exception {
        try (OperatorLog log = new OperatorLog()) {
            try (OperatorRunner runner = OperatorRunner.start(cluster.client(),
                    new AllAtOnceOperator(cluster.client()))) {
                assertTrue(log.contains("Starting in 1s..."));
                assertTrue(log.contains("Starting retried..."), "the startup handlers ran before the watching");

                String uid = cluster.create("kopf-example-1").path("metadata").path("uid").asText();
                assertEquals(100, cluster.await("kopf-example-1", "status.create1.job1-status").asInt());
                assertEquals(100, cluster.await("kopf-example-1", "status.create2.job2-status").asInt(),
                        "create2 succeeded on its retry");
                assertTrue(log.contains(OBJ + "Handler 'create2' failed with an exception and will try again in "
                        + "1 seconds: Whoops!"));

                eventually(() -> assertEquals(Set.of("Normal/AnyReason/", "Warning/SomeReason/Cannot do something"),
                        cluster.events("kopf-example-1").stream().map(e -> e.path("type").asText() + "/"
                                + e.path("reason").asText() + "/" + e.path("message").asText())
                                .collect(Collectors.toSet())));

                List<V1Pod> pods = cluster.pods("default", "application=kopf-example-10");
                assertEquals(1, pods.size());
                V1Pod pod = pods.get(0);
                assertEquals(uid, pod.getMetadata().getOwnerReferences().get(0).getUid());
                assertEquals("somevalue", pod.getMetadata().getLabels().get("somelabel"), "the owner's labels too");
                log.await("[default/" + pod.getMetadata().getName() + "] This pod is special for us.");

                cluster.awaitHandled("kopf-example-1");
                cluster.patch("kopf-example-1", "{\"spec\": {\"lst\": [1, 2]}}");
                log.await(OBJ + "Handling the FIELD = null -> [1,2]");
                log.await(OBJ + "Handling the diff: ", "lst");

                cluster.delete("kopf-example-1");
                cluster.awaitGone("kopf-example-1");
                assertTrue(log.contains(OBJ + "Deleted, really deleted."));
                assertEquals(List.of(), runner.errors());
            }
            assertTrue(log.contains("Cleaning up in 1s..."), "the cleanup handler ran at the exit");
        }
    }
}
