package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsE2ETest {
    private EmbeddedApiServer server;
    private E2E http;

    @BeforeEach
    void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void failAnswersTheNextNMatchingRequestsWithStatusObjects() throws Exception {
        server.faults().fail("GET", "/api/v1/namespaces/default/configmaps", 503, 2);
        for (int i = 0; i < 2; i++) {
            E2E.Resp r = http.get("/api/v1/namespaces/default/configmaps").expect(503);
            assertEquals("Status", r.json().path("kind").asText());
            assertEquals(503, r.json().path("code").asInt());
            assertEquals("1", r.header("Retry-After"));
        }
        http.get("/api/v1/namespaces/default/configmaps").expect(200);
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("unaffected", "k", "v")).expect(201);

        server.faults().fail("*", "/api/v1/namespaces/default/configmaps/.*", 429, 1);
        ApiException e = assertThrows(ApiException.class, () -> new CoreV1Api(server.client())
                .readNamespacedConfigMap("unaffected", "default").execute());
        assertEquals(429, e.getCode());
        assertEquals("TooManyRequests", E2E.MAPPER.readTree(e.getResponseBody()).path("reason").asText());
        http.get("/api/v1/namespaces/default/configmaps/unaffected").expect(200);
    }

    @Test
    void failingAWriteLeavesTheStoreUnchanged() {
        server.faults().fail("POST", "/api/v1/namespaces/default/configmaps", 500, 1);
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("never", "k", "v")).expect(500);
        http.get("/api/v1/namespaces/default/configmaps/never").expect(404);
    }

    @Test
    void respondAnswersExactlyTheCannedBody() {
        server.faults().respond("GET", "/apis/metrics\\.k8s\\.io/.*", 502, "text/html", "<h1>bad gateway</h1>", -1);
        for (int i = 0; i < 3; i++) {
            E2E.Resp r = http.get("/apis/metrics.k8s.io/v1beta1/pods").expect(502);
            assertEquals("text/html", r.contentType());
            assertEquals("<h1>bad gateway</h1>", r.body());
        }
        server.faults().clear();
        assertEquals("404 page not found\n", http.get("/apis/metrics.k8s.io/v1beta1/pods").expect(404).body());
    }

    @Test
    void delayHoldsMatchingRequestsBack() {
        server.faults().delay("GET", "/api/v1/namespaces", Duration.ofMillis(400), 1);
        long start = System.nanoTime();
        http.get("/api/v1/namespaces").expect(200);
        long delayed = (System.nanoTime() - start) / 1_000_000;
        assertTrue(delayed >= 400, delayed + " ms");
        start = System.nanoTime();
        http.get("/api/v1/namespaces").expect(200);
        long plain = (System.nanoTime() - start) / 1_000_000;
        assertTrue(plain < 400, plain + " ms");
    }

    @Test
    void openWatchesTellsTheResourceAndNamespaceOfEachOpenStream() {
        try (E2E.WatchStream a = http.watch("/api/v1/configmaps?watch=true&resourceVersion=1");
             E2E.WatchStream b = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1");
             E2E.WatchStream c = http.watch("/api/v1/namespaces?watch=true&resourceVersion=1")) {
            E2E.awaitTrue("three watches", () -> server.openWatches().size() == 3);
            assertEquals(Set.of(new EmbeddedApiServer.OpenWatch("core/configmaps", null),
                            new EmbeddedApiServer.OpenWatch("core/configmaps", "default"),
                            new EmbeddedApiServer.OpenWatch("core/namespaces", null)),
                    Set.copyOf(server.openWatches()));
            assertEquals(3, server.faults().openWatches());
            server.faults().cutWatches();
            assertEquals(List.of(), server.openWatches());
        }
    }

    @Test
    void cutWatchesEndsEveryOpenStream() {
        try (E2E.WatchStream a = http.watch("/api/v1/configmaps?watch=true&resourceVersion=1");
             E2E.WatchStream b = http.watch("/api/v1/namespaces?watch=true&resourceVersion=1")) {
            E2E.awaitTrue("two watches", () -> server.faults().openWatches() >= 2);
            assertEquals(2, server.faults().cutWatches());
            assertTrue(a.awaitEnd(Duration.ofSeconds(3)));
            assertTrue(b.awaitEnd(Duration.ofSeconds(3)));
            assertEquals(0, server.faults().openWatches());
        }
    }

    @Test
    void compactHistoryMakesOldResourceVersionsExpire() {
        String rv = http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("c1", "k", "v")).expect(201)
                .rv();
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("c2", "k", "v")).expect(201);
        try (E2E.WatchStream before = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
                + rv)) {
            assertEquals("ADDED", before.next().path("type").asText());
        }
        server.faults().compactHistory();
        try (E2E.WatchStream after = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
                + rv)) {
            JsonNode e = after.next();
            assertEquals("ERROR", e.path("type").asText());
            assertEquals(410, e.path("object").path("code").asInt());
        }
        String current = http.get("/api/v1/namespaces/default/configmaps").rv();
        try (E2E.WatchStream fresh = http.watch("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion="
                + current)) {
            http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("c3", "k", "v")).expect(201);
            assertEquals("ADDED", fresh.next().path("type").asText());
        }
    }

    @Test
    void restartDropsConnectionsButKeepsStateAndPort() {
        String url = server.url();
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("kept", "k", "v")).expect(201);
        try (E2E.WatchStream w = http.watch("/api/v1/configmaps?watch=true&resourceVersion=1")) {
            w.next();
            server.faults().restart();
            assertTrue(w.awaitEnd(Duration.ofSeconds(5)), "the watch was dropped");
        }
        assertEquals(url, server.url());
        assertTrue(server.isRunning());
        http.get("/api/v1/namespaces/default/configmaps/kept").expect(200);
    }

    @Test
    void stopAndStartServeTheSameStateOnTheSamePort() {
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("persist", "k", "v")).expect(201);
        int port = server.port();
        server.stop();
        assertFalse(server.isRunning());
        assertThrows(Exception.class, () -> http.get("/api/v1/namespaces/default/configmaps/persist"));
        server.start();
        assertEquals(port, server.port());
        http.get("/api/v1/namespaces/default/configmaps/persist").expect(200);
    }
}
