package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.FINALIZER;
import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delete handlers and the finalizer, end to end. */
class DeletionE2ETest {

    static class DeletingOperator {
        final Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();

        @On.Create("kopfexamples")
        void created() {
        }

        @On.Delete("kopfexamples")
        void deleted(Meta meta) {
            deletes.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    static class OptionalDeleteOperator {
        final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();

        @On.Delete(value = "kopfexamples", optional = true)
        void deleted(Meta meta) {
            deleted.add(meta.name());
        }
    }


    @Test
    void deleteHandlerRunsOnceAndReleasesFinalizer() {
        DeletingOperator op = new DeletingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("doomed");
            cluster.create(name, "{}");
            eventually(() -> assertTrue(TestCluster.finalizers(cluster.get(name)).contains(FINALIZER), "finalizer added"));
            cluster.delete(name);
            eventually(() -> assertNull(cluster.find(name), "the object is gone once the handler ran"));
            assertEquals(1, op.deletes.get(name).get());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void otherFinalizersAreKeptWhileOursIsAddedAndRemoved() {
        DeletingOperator op = new DeletingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("shared");
            cluster.send("POST", TestCluster.path("default", null), TestCluster.json("{\"apiVersion\":\"kopf.dev/v1\","
                    + "\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"" + name + "\",\"finalizers\":"
                    + "[\"example.com/other\"]},\"spec\":{}}"), 201);
            eventually(() -> assertEquals(List.of("example.com/other", FINALIZER), TestCluster.finalizers(cluster.get(name))));
            cluster.delete(name);
            eventually(() -> assertEquals(List.of("example.com/other"), TestCluster.finalizers(cluster.get(name))));
            assertEquals(1, op.deletes.get(name).get());
            cluster.mergePatch(name, "{\"metadata\":{\"finalizers\":null}}");
            eventually(() -> assertNull(cluster.find(name)));
        }
    }

    @Test
    void optionalDeleteHandlerAddsNoFinalizer() {
        OptionalDeleteOperator op = new OptionalDeleteOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("free");
            cluster.create(name, "{}");
            cluster.awaitHandled(name);
            assertFalse(TestCluster.finalizers(cluster.get(name)).contains(FINALIZER));
            cluster.delete(name);
            assertNull(cluster.find(name), "deleted at once: nothing holds it");
        }
    }
}
