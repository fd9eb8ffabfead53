package io.kopf4j.examples.handlers;

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
class HandlersOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    private static int firstLine(OperatorLog log, String text) {
        List<String> lines = log.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(OBJ + text)) {
                return i;
            }
        }
        throw new AssertionError("no line " + text);
    }

    @Test
    void handlersRunPerCauseInOrderAndTheFieldHandlerOnlyForItsField() throws Exception {
        try (OperatorLog log = new OperatorLog()) {
            try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new HandlersOperator())) {
                cluster.create("kopf-example-1");
                assertEquals(List.of(FINALIZER), finalizers(cluster.awaitHandled("kopf-example-1")),
                        "the delete handlers need the finalizer");
                assertTrue(firstLine(log, "CREATED 1st") < firstLine(log, "CREATED 2nd"));
                assertFalse(log.contains(OBJ + "UPDATED"));

                cluster.patch("kopf-example-1", "{\"spec\": {\"field\": \"newvalue\", \"newfield\": 100}}");
                log.await(OBJ + "FIELD CHANGED: \"value\" -> \"newvalue\"");
                log.await(OBJ + "UPDATED: ", "newfield");
                assertEquals(List.of(), runner.errors());
            }
            assertFalse(log.contains(OBJ + "RESUMED"), "resume handlers: only for objects known before the start");

            try (OperatorRunner restarted = OperatorRunner.start(cluster.client(), new HandlersOperator())) {
                log.await(OBJ + "RESUMED 2nd");
                assertTrue(firstLine(log, "RESUMED 1st") < firstLine(log, "RESUMED 2nd"));

                cluster.delete("kopf-example-1");
                cluster.awaitGone("kopf-example-1");
                assertTrue(firstLine(log, "DELETED 1st") < firstLine(log, "DELETED 2nd"));
                assertEquals(1, log.lines(OBJ + "CREATED 1st").size(), "no handler runs twice for one cause");
                assertEquals(List.of(), restarted.errors());
            }
        }
    }
}
