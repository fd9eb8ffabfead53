package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Diff;
import io.kopf4j.DiffOperation;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Reason;
import io.kopf4j.Spec;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Create, update and field handlers, run by a real operator against the embedded API server. */
class ChangeHandlersE2ETest {
    static TestCluster cluster;
    static OperatorRunner runner;
    static final ChangeOperator OPERATOR = new ChangeOperator();

    static class ChangeOperator {
        final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
        final List<Diff> updates = new CopyOnWriteArrayList<>();
        final List<Object> fieldValues = new CopyOnWriteArrayList<>();
        final List<Reason> reasons = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        Map<String, Object> created(Spec spec, Meta meta, Logger logger, Reason reason) {
            creates.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
            reasons.add(reason);
            logger.info("creating with field={}", spec.get("field"));
            return Map.of("message", "hello " + spec.get("field"));
        }

        @On.Update("kopfexamples")
        void updated(Diff diff, Patch patch) {
            updates.add(diff);
            patch.status().put("updates", updates.size());
        }

        @On.Field(value = "kopfexamples", field = "spec.watched")
        void watchedChanged(io.kopf4j.New value) {
            fieldValues.add(value.json().isNull() ? null : value.json().asText());
        }
    }

    @BeforeAll
    static void startOperator() {
        cluster = new TestCluster();
        runner = OperatorRunner.start(cluster.server.client(), OPERATOR);
    }

    @AfterAll
    static void stopOperator() {
        runner.close();
        cluster.close();
        assertEquals(List.of(), runner.errors(), "the operator reported errors");
    }

    @Test
    void createHandlerRunsOnceAndStoresItsResultInStatus() {
        String name = TestCluster.unique("created");
        cluster.create(name, "{\"field\":\"world\"}");
        eventually(() -> assertEquals("hello world",
                cluster.get(name).path("status").path("created").path("message").asText()));
        cluster.awaitHandled(name);
        cluster.mergePatch(name, "{\"status\":{\"touched\":true}}");
        cluster.mergePatch(name, "{\"status\":{\"other\":1}}");
        eventually(() -> assertEquals(1, OPERATOR.creates.get(name).get(), "the create handler ran once"));
        assertTrue(OPERATOR.reasons.contains(Reason.CREATE));
    }

    @Test
    void updateHandlerGetsTheDiffOfASpecChange() {
        String name = TestCluster.unique("updated");
        cluster.create(name, "{\"field\":\"a\"}");
        eventually(() -> assertFalse(cluster.get(name).path("status").path("created").isMissingNode()));
        int before = OPERATOR.updates.size();
        cluster.mergePatch(name, "{\"spec\":{\"field\":\"b\"}}");
        eventually(() -> assertTrue(cluster.get(name).path("status").path("updates").asInt() > 0));
        Diff diff = OPERATOR.updates.get(before);
        assertEquals(1, diff.size(), diff.toString());
        assertEquals(DiffOperation.CHANGE, diff.get(0).op());
        assertEquals(List.of("spec", "field"), diff.get(0).path());
        assertEquals("a", diff.get(0).oldValue());
        assertEquals("b", diff.get(0).newValue());
    }

    @Test
    void statusChangesAreNotEssentialAndTriggerNoUpdate() {
        String name = TestCluster.unique("statusonly");
        cluster.create(name, "{\"field\":\"a\"}");
        eventually(() -> assertFalse(cluster.get(name).path("status").path("created").isMissingNode()));
        int before = OPERATOR.updates.size();
        cluster.send("PATCH", TestCluster.path("default", name) + "/status",
                TestCluster.json("{\"status\":{\"external\":\"x\"}}"), 200, "application/merge-patch+json");
        cluster.mergePatch(name, "{\"spec\":{\"field\":\"c\"}}");
        eventually(() -> assertTrue(OPERATOR.updates.size() > before));
        Diff last = OPERATOR.updates.get(OPERATOR.updates.size() - 1);
        assertEquals(List.of("spec", "field"), last.get(0).path(), "only the spec change is in the diff");
    }

    @Test
    void fieldHandlerRunsOnlyWhenItsFieldChanges() {
        String name = TestCluster.unique("field");
        cluster.create(name, "{\"watched\":\"one\",\"other\":1}");
        eventually(() -> assertTrue(OPERATOR.fieldValues.contains("one")));
        int seen = OPERATOR.fieldValues.size();
        cluster.mergePatch(name, "{\"spec\":{\"other\":2}}");
        cluster.mergePatch(name, "{\"spec\":{\"watched\":\"two\"}}");
        eventually(() -> assertTrue(OPERATOR.fieldValues.contains("two")));
        assertEquals(seen + 1, OPERATOR.fieldValues.size(), "the change of another field did not trigger it");
        JsonNode annotations = cluster.get(name).path("metadata").path("annotations");
        assertFalse(annotations.has("kopf.zalando.org/watchedChanged.spec.watched"),
                "progress is purged once the cause is handled");
    }
}
