package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.HandlerOptions;
import io.kopf4j.Index;
import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.Registry;
import io.kopf4j.StopReason;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.FINALIZER;
import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers, daemons, indices and operator-level activities registered in code ({@link Registry}) run end to end like
 * their annotated counterparts.
 */
class ProgrammaticBackgroundE2ETest {
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void aLambdaTimerTicksOnMatchingObjectsAndStopsWhenTheObjectIsDeleted() {
        Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        List<Long> firstTicks = new CopyOnWriteArrayList<>();
        long[] created = new long[1];
        Registry registry = Kopf.registry().onTimer("kopfexamples", ctx -> {
            int n = ticks.computeIfAbsent(ctx.meta().name(), k -> new AtomicInteger()).incrementAndGet();
            if (n == 1) {
                firstTicks.add(System.nanoTime());
            }
            ctx.patch().status().put("ticks", n);
            return null;
        }, HandlerOptions.builder().id("ticker").interval(Duration.ofMillis(200))
                .initialDelay(Duration.ofMillis(500)).label("tick", "yes").build());
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), registry)) {
            String ignored = TestCluster.unique("untimed");
            cluster.create(ignored, "{}");
            String name = TestCluster.unique("timed");
            created[0] = System.nanoTime();
            cluster.create("default", name, "{}", "{\"tick\":\"yes\"}");
            eventually(LONG, () -> assertTrue(cluster.get(name).path("status").path("ticks").asInt() >= 3,
                    "the timer ran several times and patched the status: " + cluster.get(name)));
            assertTrue(TestCluster.finalizers(cluster.get(name)).contains(FINALIZER));
            assertTrue(firstTicks.get(0) - created[0] >= Duration.ofMillis(500).toNanos(), "after the initial delay");
            assertNull(ticks.get(ignored), "the label filter applies");

            cluster.delete(name);
            eventually(LONG, () -> assertNull(cluster.find(name), "released and gone"));
            int count = ticks.get(name).get();
            TestCluster.sleep(600);
            assertEquals(count, ticks.get(name).get(), "no runs after the deletion");
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void aLambdaDaemonRunsUntilItsStopperSaysWhyAndRespawnsWhenItsFiltersMatchAgain() {
        List<String> starts = new CopyOnWriteArrayList<>();
        List<StopReason> reasons = new CopyOnWriteArrayList<>();
        List<String> delayed = new CopyOnWriteArrayList<>();
        Registry registry = Kopf.registry().onDaemon("kopfexamples", ctx -> {
            starts.add(ctx.meta().name());
            while (!ctx.stopper().await(Duration.ofMillis(50))) {
                Thread.onSpinWait();
            }
            reasons.add(ctx.stopper().reason().orElseThrow());
            return null;
        }, HandlerOptions.builder().label("run", "yes").cancellationBackoff(Duration.ofSeconds(5))
                .initialDelay(ctx -> {
                    delayed.add(ctx.meta().name());
                    return Duration.ofMillis(100);
                }).build());
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), registry)) {
            String name = TestCluster.unique("demon");
            cluster.create("default", name, "{}", "{\"run\":\"yes\"}");
            eventually(LONG, () -> assertEquals(List.of(name), starts));
            assertEquals(List.of(name), delayed, "the initial delay is computed per object");

            cluster.mergePatch(name, "{\"metadata\":{\"labels\":{\"run\":\"no\"}}}");
            eventually(LONG, () -> assertEquals(List.of(StopReason.FILTERS_MISMATCH), reasons));
            cluster.mergePatch(name, "{\"metadata\":{\"labels\":{\"run\":\"yes\"}}}");
            eventually(LONG, () -> assertEquals(List.of(name, name), starts, "respawned"));

            cluster.delete(name);
            eventually(LONG, () -> assertEquals(List.of(StopReason.FILTERS_MISMATCH, StopReason.RESOURCE_DELETED),
                    reasons));
            eventually(LONG, () -> assertNull(cluster.find(name), "released once the daemon exited"));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void indicesAndStartupCleanupAndProbeHandlersRegisteredInCodeRun() throws Exception {
        List<String> activities = new CopyOnWriteArrayList<>();
        Registry registry = Kopf.registry()
                .onStartup(ctx -> {
                    activities.add("startup " + ctx.retry().attempt());
                    ctx.memo().put("greeting", "hello");
                    ctx.settings().posting().loggers(true).reportingComponent("coded");
                    return null;
                })
                .onCleanup(ctx -> activities.add("cleanup " + ctx.memo().get("greeting")))
                .onIndex("kopfexamples", "byColor", ctx -> Map.of(ctx.spec().get("color"), ctx.meta().name()))
                .onProbe("colors", ctx -> ctx.index("byColor").size())
                .onCreate("kopfexamples", ctx -> {
                    Index<String, String> byColor = ctx.index("byColor");
                    return Map.of("sameColor", byColor.get((String) ctx.spec().get("color")).size());
                });
        String first = TestCluster.unique("red");
        String second = TestCluster.unique("red");
        try (TestCluster cluster = new TestCluster()) {
            cluster.create(first, "{\"color\":\"red\"}");
            cluster.create(TestCluster.unique("blue"), "{\"color\":\"blue\"}");
            try (Operator operator = Kopf.operator(registry).client(cluster.server.client())
                    .liveness("http://127.0.0.1:0/healthz").start()) {
                assertTrue(operator.awaitReady(LONG));
                assertEquals(List.of("startup 0"), activities);
                eventually(LONG, () -> assertEquals(1, cluster.get(first).path("status").path("onCreate.kopfexamples")
                        .path("sameColor").asInt(), "the index is listed before the handlers run"));
                cluster.create(second, "{\"color\":\"red\"}");
                eventually(LONG, () -> assertEquals(2, cluster.get(second).path("status")
                        .path("onCreate.kopfexamples").path("sameColor").asInt()));

                URI url = operator.livenessUrl().orElseThrow();
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                JsonNode json = TestCluster.MAPPER.readTree(r.body());
                assertEquals(2, json.path("colors").asInt(), r.body());
                eventually(LONG, () -> assertTrue(cluster.eventsAbout("default", first).stream().anyMatch(e ->
                        e.path("source").path("component").asText().equals("coded")),
                        "the startup handler's settings apply: handler logs are posted as Events"));
            }
            assertEquals(List.of("startup 0", "cleanup hello"), activities);
        }
    }
}
