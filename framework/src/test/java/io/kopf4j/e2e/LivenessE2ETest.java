package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Operator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The liveness endpoint: probe results as JSON, 500 on a failing probe, and /metrics beside it. */
class LivenessE2ETest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static class Probed {
        final AtomicInteger probed = new AtomicInteger();
        final List<String> created = new CopyOnWriteArrayList<>();

        @On.Probe
        Map<String, Object> health() {
            probed.incrementAndGet();
            return Map.of("ok", true);
        }

        @On.Probe(id = "answer")
        int fortyTwo() {
            return 42;
        }

        @On.Create("kopfexamples")
        void created(Meta meta) {
            created.add(meta.name());
        }
    }

    static class Broken {
        @On.Probe
        String healthy() {
            return "fine";
        }

        @On.Probe
        String database() {
            throw new IllegalStateException("the database is gone");
        }
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Operator start(TestCluster cluster, Object op) throws InterruptedException {
        Operator operator = Kopf.operator(op).client(cluster.server.client())
                .liveness("http://127.0.0.1:0/healthz").start();
        assertTrue(operator.awaitReady(Duration.ofSeconds(10)));
        return operator;
    }

    @Test
    void healthzAnswersWithTheProbeResultsAndTheWatchesAges() throws Exception {
        Probed op = new Probed();
        try (TestCluster cluster = new TestCluster(); Operator operator = start(cluster, op)) {
            URI url = operator.livenessUrl().orElseThrow();
            assertTrue(url.getPort() > 0 && url.getPath().equals("/healthz"), url.toString());
            HttpResponse<String> r = get(url);
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode json = TestCluster.MAPPER.readTree(r.body());
            assertTrue(json.path("health").path("ok").asBoolean(), r.body());
            assertEquals(42, json.path("answer").asInt(), r.body());
            JsonNode watches = json.path("kopf4j.watches");
            boolean found = false;
            for (var it = watches.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("kopfexamples")) {
                    found = true;
                    assertTrue(e.getValue().path("lastEventAgeSeconds").isNumber(), r.body());
                    assertTrue(e.getValue().path("listings").asLong() >= 1, r.body());
                }
            }
            assertTrue(found, r.body());
            // Cached for 10 s: the probes do not run again.
            assertEquals(200, get(url).statusCode());
            assertEquals(1, op.probed.get());
            assertEquals(404, get(url.resolve("/elsewhere")).statusCode());
        }
    }

    @Test
    void aFailingProbeMakesTheEndpointAnswer500() throws Exception {
        try (TestCluster cluster = new TestCluster(); Operator operator = start(cluster, new Broken())) {
            HttpResponse<String> r = get(operator.livenessUrl().orElseThrow());
            assertEquals(500, r.statusCode(), r.body());
            assertTrue(r.body().contains("the database is gone"), r.body());
        }
    }

    @Test
    void metricsCountHandlerRunsWatchesAndTheQueue() throws Exception {
        Probed op = new Probed();
        try (TestCluster cluster = new TestCluster(); Operator operator = start(cluster, op)) {
            String name = TestCluster.unique("counted");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(List.of(name), op.created));
            URI metrics = operator.livenessUrl().orElseThrow().resolve("/metrics");
            eventually(() -> {
                String text = body(metrics);
                assertTrue(text.contains("kopf4j_handler_runs_total{handler=\"created\"} 1\n"), text);
                assertTrue(text.contains("kopf4j_handler_failures_total{handler=\"created\"} 0\n"), text);
                assertTrue(text.contains("kopf4j_watch_requests_total{resource=\"kopfexamples"), text);
                assertTrue(text.contains("kopf4j_queued_objects "), text);
            });
        }
    }

    private static String body(URI uri) {
        try {
            HttpResponse<String> r = get(uri);
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            return r.body();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
