package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kopf's annotations corrupted by hand (not JSON, or JSON of the wrong shape): the operator warns, naming the object
 * and the annotation but not its value, treats the record as absent, rewrites it, and goes on with other objects.
 */
class CorruptAnnotationsE2ETest {
    static final String DIFF_BASE = "kopf.zalando.org/last-handled-configuration";
    static TestCluster cluster;
    static CapturedLog log;
    static OperatorRunner runner;
    static final CountingOperator OPERATOR = new CountingOperator();

    static class CountingOperator {
        final Map<String, AtomicInteger> created = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> updated = new ConcurrentHashMap<>();

        @On.Create("kopfexamples")
        void created(Meta meta) {
            created.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }

        @On.Update("kopfexamples")
        void updated(Meta meta) {
            updated.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    @BeforeAll
    static void startOperator() {
        cluster = new TestCluster();
        log = new CapturedLog();
        runner = OperatorRunner.start(cluster.server.client(), OPERATOR);
    }

    @AfterAll
    static void stopOperator() {
        runner.close();
        log.close();
        cluster.close();
        assertEquals(List.of(), runner.errors(), "the operator reported errors");
    }

    private static String annotations(String key, String value) {
        return "{" + TestCluster.MAPPER.createObjectNode().put(key, value).toString().substring(1);
    }

    private static int count(Map<String, AtomicInteger> counts, String name) {
        AtomicInteger n = counts.get(name);
        return n == null ? 0 : n.get();
    }

    /** Waits for a warning about the object that names the annotation; returns it. */
    private static String warningAbout(String name, String annotation) {
        String[] found = new String[1];
        eventually(() -> {
            found[0] = log.warnings().stream().filter(l -> l.contains(name) && l.contains(annotation)).findFirst()
                    .orElse(null);
            assertTrue(found[0] != null, "a warning about " + name + " naming " + annotation);
        });
        return found[0];
    }

    @Test
    void diffBaseThatIsNotJsonIsWarnedAboutAndTheObjectIsHandledAsNew() {
        String name = TestCluster.unique("bad-diffbase");
        cluster.createAnnotated(name, "{\"field\":\"x\"}", "{}", annotations(DIFF_BASE, "{\"spec\":{\"sec"));

        String warning = warningAbout(name, DIFF_BASE);
        eventually(() -> assertEquals(1, count(OPERATOR.created, name)));
        eventually(() -> assertEquals("{\"spec\":{\"field\":\"x\"}}\n",
                cluster.get(name).path("metadata").path("annotations").path(DIFF_BASE).asText()));
        assertTrue(warning.contains("not valid JSON"), warning);
        assertFalse(warning.contains("{\"spec\":{\"sec"), "the value is not logged: " + warning);

        cluster.mergePatch(name, "{\"spec\":{\"field\":\"y\"}}");
        eventually(() -> assertEquals(1, count(OPERATOR.updated, name), "handling goes on as usual afterwards"));
    }

    @Test
    void diffBaseThatIsJsonButNotAnObjectIsWarnedAboutAndTheObjectIsHandledAsNew() {
        String name = TestCluster.unique("list-diffbase");
        cluster.createAnnotated(name, "{\"field\":\"x\"}", "{}", annotations(DIFF_BASE, "[1,2]"));

        String warning = warningAbout(name, DIFF_BASE);
        eventually(() -> assertEquals(1, count(OPERATOR.created, name)));
        cluster.awaitHandled(name);
        assertTrue(warning.contains("not a JSON object"), warning);
    }

    @Test
    void progressRecordThatIsNotJsonIsWarnedAboutAndTheHandlerRunsAfresh() {
        String name = TestCluster.unique("bad-progress");
        String key = "kopf.zalando.org/created";
        cluster.createAnnotated(name, "{}", "{}", annotations(key, "{oops"));

        String warning = warningAbout(name, key);
        eventually(() -> assertEquals(1, count(OPERATOR.created, name)));
        cluster.awaitHandled(name);
        JsonNode annotations = cluster.get(name).path("metadata").path("annotations");
        assertFalse(annotations.has(key), "the finished handler's record is purged: " + annotations);
        assertTrue(warning.contains("not valid JSON"), warning);
    }

    @Test
    void progressRecordOfTheWrongShapeIsWarnedAboutAndTheHandlerRunsAfresh() {
        String name = TestCluster.unique("odd-progress");
        String key = "kopf.zalando.org/created";
        cluster.createAnnotated(name, "{}", "{}", annotations(key, "{\"retries\":\"many\",\"started\":\"soon\"}"));

        warningAbout(name, key);
        eventually(() -> assertEquals(1, count(OPERATOR.created, name)));
        cluster.awaitHandled(name);
    }
}
