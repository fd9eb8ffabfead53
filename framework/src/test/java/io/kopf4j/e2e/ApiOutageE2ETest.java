package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the operator's own writes fail (the API server unreachable or refusing for longer than a request's retries),
 * the objects are handled again after {@code queueing.errorDelays} by themselves: none is left unhandled until it
 * happens to change again. Nothing in these tests changes an object after its creation, so only the operator's own
 * re-checks can finish the work.
 */
class ApiOutageE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String OBJECT_PATCHES = "/apis/kopf\\.dev/v1/namespaces/default/kopfexamples/.*";

    static class CreatingOperator {
        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @On.Create("kopfexamples")
        String created(Meta meta) {
            runs.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
            return "handled " + meta.name();
        }
    }

    private static OperatorRunner start(TestCluster cluster, Object operator) {
        return OperatorRunner.builder(operator).client(cluster.server.client())
                .settings(s -> {
                    s.networking().errorBackoffs(List.of(Duration.ofMillis(20)));    // one quick retry per request
                    s.queueing().errorDelays(List.of(Duration.ofMillis(300), Duration.ofMillis(600)));
                })
                .start();
    }

    @Test
    void objectsWhosePatchesFailedThroughAnOutageAreHandledAfterItWithoutNewEvents() {
        CreatingOperator op = new CreatingOperator();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = start(cluster, op)) {
            // An outage of the object's endpoint: every patch fails, each request's retry too, several times over.
            cluster.server.faults().fail("PATCH", OBJECT_PATCHES, 503, 30);
            List<String> names = List.of(TestCluster.unique("outage"), TestCluster.unique("outage"),
                    TestCluster.unique("outage"));
            for (String name : names) {
                cluster.create(name, "{}");
            }
            for (String name : names) {
                eventually(WAIT, () -> assertEquals("handled " + name,
                        cluster.get(name).path("status").path("created").asText(), name));
            }
            assertFalse(runner.errors().isEmpty(), "the failed cycles are reported as errors");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains(" ERROR ") && l.contains("503")
                    && l.contains("it is handled again in 0.3 s")), "the failure names its status and the retry");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("Throttling of") && l.contains("is over")),
                    "the end of the throttling is logged");
        }
    }

    @Test
    void aPatchThatTheServerRejectsIsRetriedAfterTheErrorDelayAndTheHandlerSucceedsOnce() {
        CreatingOperator op = new CreatingOperator();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = start(cluster, op)) {
            // A 403 is not retried by the request itself: only the re-check can get the result stored.
            cluster.server.faults().fail("PATCH", OBJECT_PATCHES, 403, 1);
            String name = TestCluster.unique("rejected");
            cluster.create(name, "{}");
            eventually(WAIT, () -> assertEquals("handled " + name,
                    cluster.get(name).path("status").path("created").asText()));
            // The first run's outcome was lost with the rejected patch, so the handler ran again (at least once, as
            // in Kopf); once stored, the success is never repeated.
            assertEquals(2, op.runs.get(name).get());
            TestCluster.sleep(1500);
            assertEquals(2, op.runs.get(name).get(), "no more runs after the success was stored");
        }
    }
}
