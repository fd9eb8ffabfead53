package io.kopf4j.examples.subhandlers;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.examples.support.OperatorLog;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.examples.support.ExampleCluster.progressKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class SubhandlersOperatorTest {
    static final String OBJ = "[default/kopf-example-1] ";
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void oneSubhandlerRunsPerItemAndTheParentFinishesAfterThem() throws Exception {
        try (OperatorLog log = new OperatorLog();
             OperatorRunner runner = OperatorRunner.start(cluster.client(), new SubhandlersOperator())) {
            cluster.create("kopf-example-1");
            assertEquals(List.of(), progressKeys(cluster.awaitHandled("kopf-example-1")));

            for (String item : List.of("item1", "item2")) {
                assertEquals(1, log.lines(OBJ + "=== Handling creation for " + item + ". ===").size(), item);
                assertTrue(log.contains(OBJ + "Handler 'createFn/" + item + "' succeeded."), item);
            }
            List<String> lines = log.lines();
            int parent = lines.indexOf(log.lines(OBJ + "Handler 'createFn' succeeded.").get(0));
            for (String item : List.of("item1", "item2")) {
                assertTrue(lines.indexOf(log.lines(OBJ + "Handler 'createFn/" + item + "' succeeded.").get(0))
                        < parent, "the parent succeeds after its sub-handlers");
            }
            assertEquals(List.of(), runner.errors());
        }
    }
}
