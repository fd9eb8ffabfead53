package io.kopf4j.internal.cluster;

import io.kopf4j.support.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.embedded.EmbeddedApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ClusterApi#watch}: newline-framed events, error mapping, timeouts and closing from another thread. */
class WatchStreamTest {
    private static final String CONFIGMAPS = "/api/v1/namespaces/default/configmaps";
    private EmbeddedApiServer server;
    private ClusterApi api;

    @BeforeEach
    void start() {
        server = EmbeddedApiServer.builder().build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String currentVersion() {
        return api.list(CONFIGMAPS).path("metadata").path("resourceVersion").asText();
    }

    @Test
    void eventsAreReadOneLineAtATime() {
        String rv = currentVersion();
        try (ClusterApi.WatchStream s = api.watch(CONFIGMAPS + "?watch=true&resourceVersion=" + rv,
                ClusterApi.WatchOptions.none())) {
            api.create(CONFIGMAPS, Manifests.json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'a'}}"));
            api.patch(CONFIGMAPS + "/a", Manifests.json("{'data':{'k':'v'}}"), ClusterApi.PatchType.MERGE);
            JsonNode added = s.next();
            assertEquals("ADDED", added.path("type").asText());
            assertEquals("a", added.path("object").path("metadata").path("name").asText());
            assertEquals("MODIFIED", s.next().path("type").asText());
        }
    }

    @Test
    void aServerSideEndOfTheStreamReadsAsNull() {
        try (ClusterApi.WatchStream s = api.watch(CONFIGMAPS + "?watch=true&resourceVersion=" + currentVersion()
                + "&timeoutSeconds=1", ClusterApi.WatchOptions.none())) {
            assertNull(s.next());
        }
    }

    @Test
    void errorStatusesAreMappedWhenTheStreamOpens() {
        server.faults().fail("GET", CONFIGMAPS, 403, 1);
        ApiError e = assertThrows(ApiForbiddenError.class, () -> api.watch(CONFIGMAPS + "?watch=true",
                ClusterApi.WatchOptions.none()));
        assertEquals(403, e.status());
        server.faults().fail("GET", CONFIGMAPS, 503, 1);
        assertThrows(ApiServerError.class, () -> api.watch(CONFIGMAPS + "?watch=true",
                ClusterApi.WatchOptions.none()));
    }

    @Test
    void aSilentStreamTimesOutAfterTheReadTimeout() {
        try (ClusterApi.WatchStream s = api.watch(CONFIGMAPS + "?watch=true&resourceVersion=" + currentVersion(),
                new ClusterApi.WatchOptions(Duration.ofMillis(200), null, null))) {
            ApiConnectionError e = assertThrows(ApiConnectionError.class, s::next);
            assertTrue(e.timedOut());
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedRead() throws Exception {
        ClusterApi.WatchStream s = api.watch(CONFIGMAPS + "?watch=true&resourceVersion=" + currentVersion(),
                ClusterApi.WatchOptions.none());
        CompletableFuture<JsonNode> read = CompletableFuture.supplyAsync(s::next);
        Eventually.eventually(Duration.ofSeconds(5), () -> assertEquals(1, server.faults().openWatches()));
        s.close();
        assertNull(read.get(2, TimeUnit.SECONDS));
        assertTrue(s.isClosed());
    }
}
