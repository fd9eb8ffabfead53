package io.kopf4j.examples.daemons;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.FINALIZER;
import static io.kopf4j.examples.support.ExampleCluster.finalizers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@WithEmbeddedApiServer
class DaemonsOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void daemonsAreRestartedAfterFailuresAndStoppedBeforeTheObjectIsReleased() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new DaemonsOperator())) {
            cluster.create("kopf-example-1");
            cluster.await("kopf-example-1", obj -> "Failed 3 times.".equals(obj.path("status").path("message")
                    .asText()));
            log.await(OBJ + "=> Ping from a stopper-checking daemon: field=value, retry=3");
            log.await(OBJ + "=> Ping from an interruptible daemon: field=value");
            assertEquals(List.of(FINALIZER), finalizers(cluster.get("kopf-example-1")),
                    "the daemons hold the object");

            cluster.delete("kopf-example-1");
            cluster.awaitGone("kopf-example-1");
            // The stopper-checking daemon returns when it sees the stop request; the other one ignores the stop request
            // and is interrupted a second later.
            log.await(OBJ + "Handler 'backgroundSync' succeeded.");
            log.await(OBJ + "Handler 'backgroundInterruptible' is interrupted.");
            assertFalse(log.contains(OBJ + "Handler 'backgroundSync' is interrupted"));
            assertFalse(log.contains(OBJ, "its patch could not be applied"), "its last patch was sent");
            assertEquals(List.of(), runner.errors());
        }
    }
}
