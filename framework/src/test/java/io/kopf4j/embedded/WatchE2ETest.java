package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Watch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatchE2ETest {
    private static final String GROUP = "watch.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "watchees", "Watchee", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String watchees(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/watchees";
    }

    private static String cms(String ns) {
        return "/api/v1/namespaces/" + ns + "/configmaps";
    }

    @Test
    void watchStreamsAddedModifiedDeletedAsNewlineFramedJson() {
        String ns = http.namespace();
        String rv = http.get(cms(ns)).rv();
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&resourceVersion=" + rv)) {
            assertEquals(200, w.code());
            assertEquals("application/json", w.response.headers().firstValue("Content-Type").orElse(null));
            http.post(cms(ns), E2E.configMap("a", "k", "v")).expect(201);
            http.patch(cms(ns) + "/a", E2E.MERGE, "{\"data\":{\"k\":\"w\"}}").expect(200);
            String lastRv = http.get(cms(ns) + "/a").rv();
            http.delete(cms(ns) + "/a").expect(200);
            JsonNode added = w.next();
            JsonNode modified = w.next();
            JsonNode deleted = w.next();
            assertEquals("ADDED", added.path("type").asText());
            assertEquals("ConfigMap", added.path("object").path("kind").asText(), "watch objects carry kind");
            assertEquals("v1", added.path("object").path("apiVersion").asText());
            assertEquals("MODIFIED", modified.path("type").asText());
            assertEquals("w", modified.path("object").path("data").path("k").asText());
            assertEquals("DELETED", deleted.path("type").asText());
            long deletedRv = Long.parseLong(deleted.path("object").path("metadata").path("resourceVersion").asText());
            assertTrue(deletedRv > Long.parseLong(lastRv), "DELETED carries the deletion revision");
            for (String line : w.rawLines()) {
                assertTrue(line.startsWith("{\"type\":") && line.endsWith("}"), line);
            }
        }
    }

    @Test
    void watchWithoutResourceVersionReplaysExistingObjectsAsAdded() {
        String ns = http.namespace();
        http.post(cms(ns), E2E.configMap("x", "k", "v")).expect(201);
        http.post(cms(ns), E2E.configMap("y", "k", "v")).expect(201);
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=1")) {
            assertEquals("ADDED", w.next().path("type").asText());
            assertEquals("ADDED", w.next().path("type").asText());
            assertNull(w.next(Duration.ofMillis(200)));
        }
    }

    @Test
    void watchResumesFromResourceVersionWithoutReplay() {
        String ns = http.namespace();
        http.post(cms(ns), E2E.configMap("one", "k", "v")).expect(201);
        String rv = http.post(cms(ns), E2E.configMap("two", "k", "v")).expect(201).rv();
        http.post(cms(ns), E2E.configMap("three", "k", "v")).expect(201);
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&resourceVersion=" + rv)) {
            JsonNode e = w.next();
            assertEquals("ADDED", e.path("type").asText());
            assertEquals("three", e.path("object").path("metadata").path("name").asText());
            assertNull(w.next(Duration.ofMillis(200)));
        }
    }

    @Test
    void bookmarksAreEmptyObjectsOfTheWatchedKindWithOnlyResourceVersion() {
        String ns = http.namespace();
        String rv = http.get(watchees(ns)).rv();
        try (E2E.WatchStream w = http.watch(watchees(ns) + "?watch=true&allowWatchBookmarks=true&resourceVersion="
                + rv)) {
            JsonNode b = w.next(Duration.ofSeconds(3));
            assertNotNull(b);
            assertEquals("BOOKMARK", b.path("type").asText());
            assertEquals(E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Watchee','metadata':{'resourceVersion':'"
                    + b.path("object").path("metadata").path("resourceVersion").asText() + "'}}"), b.path("object"));
            assertTrue(Long.parseLong(b.path("object").path("metadata").path("resourceVersion").asText())
                    >= Long.parseLong(rv));
        }
        try (E2E.WatchStream w = http.watch(watchees(ns) + "?watch=true&resourceVersion=" + rv)) {
            assertNull(w.next(Duration.ofMillis(500)), "no bookmarks unless asked for");
        }
    }

    @Test
    void timeoutSecondsEndsTheStreamNormally() {
        String ns = http.namespace();
        long start = System.nanoTime();
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&timeoutSeconds=1")) {
            assertTrue(w.awaitEnd(Duration.ofSeconds(5)), "the stream ends");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(ms >= 900 && ms < 4000, ms + " ms");
        }
    }

    @Test
    void labelSelectorWatchSeesAddedAndDeletedOnMatchTransitions() {
        String ns = http.namespace();
        String rv = http.post(cms(ns), E2E.configMap("t", "k", "v")).expect(201).rv();
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&labelSelector=" + E2E.enc("app=x")
                + "&resourceVersion=" + rv)) {
            http.patch(cms(ns) + "/t", E2E.MERGE, "{\"metadata\":{\"labels\":{\"app\":\"x\"}}}").expect(200);
            http.patch(cms(ns) + "/t", E2E.MERGE, "{\"data\":{\"k\":\"2\"}}").expect(200);
            String unlabelRv = http.patch(cms(ns) + "/t", E2E.MERGE, "{\"metadata\":{\"labels\":{\"app\":\"y\"}}}")
                    .expect(200).rv();
            assertEquals("ADDED", w.next().path("type").asText());
            assertEquals("MODIFIED", w.next().path("type").asText());
            JsonNode gone = w.next();
            assertEquals("DELETED", gone.path("type").asText());
            // As the cacher does: the last state that matched, at the revision of the change.
            assertEquals("x", gone.path("object").path("metadata").path("labels").path("app").asText());
            assertEquals(unlabelRv, gone.path("object").path("metadata").path("resourceVersion").asText());
        }
    }

    @Test
    void fieldSelectorWatchSeesOnlyTheNamedObject() {
        String ns = http.namespace();
        String rv = http.get(cms(ns)).rv();
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&fieldSelector=" + E2E.enc("metadata.name=want")
                + "&resourceVersion=" + rv)) {
            http.post(cms(ns), E2E.configMap("other", "k", "v")).expect(201);
            http.post(cms(ns), E2E.configMap("want", "k", "v")).expect(201);
            JsonNode e = w.next();
            assertEquals("want", e.path("object").path("metadata").path("name").asText());
            assertNull(w.next(Duration.ofMillis(200)));
        }
    }

    @Test
    void watchResumedFromCompactedRevisionGetsExpiredErrorEvent() {
        String ns = http.namespace();
        String rv = http.post(cms(ns), E2E.configMap("old", "k", "v")).expect(201).rv();
        http.post(cms(ns), E2E.configMap("newer", "k", "v")).expect(201);
        server.faults().compactHistory();
        try (E2E.WatchStream w = http.watch(cms(ns) + "?watch=true&resourceVersion=" + rv)) {
            assertEquals(200, w.code());
            JsonNode e = w.next();
            assertEquals("ERROR", e.path("type").asText());
            JsonNode s = e.path("object");
            assertEquals("Status", s.path("kind").asText());
            assertEquals("Expired", s.path("reason").asText());
            assertEquals(410, s.path("code").asInt());
            assertTrue(s.path("message").asText().matches("too old resource version: " + rv + " \\(\\d+\\)"),
                    s.path("message").asText());
            assertTrue(w.awaitEnd(Duration.ofSeconds(3)), "the stream closes after the ERROR");
            assertTrue(w.rawLines().get(0).endsWith("}"));
        }
    }

    @Test
    void clientJavaWatchReceivesTypedEvents() throws Exception {
        String ns = http.namespace();
        ApiClient client = server.client();
        CoreV1Api core = new CoreV1Api(client);
        String rv = core.listNamespacedConfigMap(ns).execute().getMetadata().getResourceVersion();
        try (Watch<V1ConfigMap> watch = Watch.createWatch(client, core.listNamespacedConfigMap(ns).watch(true)
                        .resourceVersion(rv).timeoutSeconds(5).buildCall(null),
                new TypeToken<Watch.Response<V1ConfigMap>>() { }.getType())) {
            core.createNamespacedConfigMap(ns, new V1ConfigMap().metadata(new V1ObjectMeta().name("typed"))
                    .data(Map.of("a", "b"))).execute();
            Watch.Response<V1ConfigMap> e = watch.next();
            assertEquals("ADDED", e.type);
            assertEquals("typed", e.object.getMetadata().getName());
        }
    }

    @Test
    void twoHundredConcurrentWatchesAllSeeTheChange() {
        String ns = http.namespace();
        String rv = http.get(cms(ns)).rv();
        List<E2E.WatchStream> streams = new ArrayList<>();
        int before = server.faults().openWatches();
        try {
            for (int i = 0; i < 200; i++) {
                streams.add(http.watch(cms(ns) + "?watch=true&resourceVersion=" + rv));
            }
            E2E.awaitTrue("200 watches open", () -> server.faults().openWatches() >= before + 200);
            http.post(cms(ns), E2E.configMap("fan", "k", "v")).expect(201);
            for (E2E.WatchStream w : streams) {
                assertEquals("fan", w.next().path("object").path("metadata").path("name").asText());
            }
        } finally {
            streams.forEach(E2E.WatchStream::close);
        }
        assertFalse(streams.isEmpty());
    }
}
