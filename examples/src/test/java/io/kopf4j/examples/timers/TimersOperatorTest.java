package io.kopf4j.examples.timers;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.FINALIZER;
import static io.kopf4j.examples.support.ExampleCluster.finalizers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class TimersOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void theTimerRunsOnlyOnceTheObjectIsIdleAndRepeatsUntilTheObjectGoes() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new TimersOperator())) {
            long created = System.nanoTime();
            cluster.create("kopf-example-1");
            cluster.await("kopf-example-1", obj -> finalizers(obj).equals(List.of(FINALIZER)));  // held by the timers

            log.await(OBJ + "Ping from a timer: field=value");
            Duration idle = Duration.ofNanos(System.nanoTime() - created);
            assertTrue(idle.compareTo(Duration.ofSeconds(5)) >= 0, "not before 5 s without changes: " + idle);
            ExampleCluster.eventually(() -> assertTrue(log.lines(OBJ + "Ping from a timer: field=value").size() >= 2,
                    "then every 2 s"));

            cluster.delete("kopf-example-1");
            cluster.awaitGone("kopf-example-1");
            assertEquals(List.of(), runner.errors());
        }
    }
}
