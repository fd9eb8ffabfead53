package io.kopf4j.examples.filtering;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class FilteringOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void onlyTheHandlersWhoseFiltersMatchRun() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new FilteringOperator())) {
            cluster.create("kopf-example-1");
            assertEquals(List.of(FINALIZER), finalizers(cluster.awaitHandled("kopf-example-1")),
                    "the daemon needs the finalizer");

            for (String ran : List.of("Label is matching.", "Label is present.", "Label is absent.",
                    "Label callback matching.", "Annotation is matching.", "Annotation is present.",
                    "Annotation is absent.", "Filter satisfied.", "Field value is satisfied.",
                    "Field presence is satisfied.")) {
                assertEquals(1, log.lines(OBJ + ran).size(), ran);
            }
            log.await(OBJ + "Field daemon is satisfied.");

            cluster.patch("kopf-example-1", "{\"spec\": {\"field\": \"changed\"}}");
            log.await(OBJ + "Field change is satisfied.");
            // The daemon is stopped, as its field no longer has the value: it notices, or is interrupted while waiting.
            log.awaitAny(OBJ + "Handler 'daemonWithField/spec.field' succeeded.",
                    OBJ + "Handler 'daemonWithField/spec.field' is interrupted.");
            for (String skipped : List.of("Annotation callback mismatch.", "Filter not satisfied.",
                    "Field value is not satisfied.", "Field presence is not satisfied.")) {
                assertFalse(log.contains(OBJ + skipped), skipped);
            }

            cluster.delete("kopf-example-1");
            cluster.awaitGone("kopf-example-1");
            assertTrue(log.contains(OBJ + "Field daemon is satisfied."));
            assertEquals(List.of(), runner.errors());
        }
    }
}
