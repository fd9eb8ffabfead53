package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.internal.model.ResourceKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.kopf4j.support.Eventually.eventually;
import static io.kopf4j.internal.cluster.Manifests.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guarded event poster on the embedded API server, whose Event validation is the real server's: whatever the
 * object reference lacks, an Event is stored; rejections are logged once and never thrown; posting never blocks.
 */
class EventPostingTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.123456789Z");
    private static final ResourceKind KOPFEXAMPLES = new ResourceKind("kopf.dev", "v1", "kopfexamples", "kopfexample",
            "KopfExample", Set.of("kex"), Set.of(), true, Set.of("get", "list"), Set.of("status"), true);
    private static final ResourceKind CLUSTER_THINGS = new ResourceKind("kopf.dev", "v1", "clusterthings", null,
            "ClusterThing", Set.of(), Set.of(), false, Set.of(), Set.of(), true);
    private static final ResourceKind EVENTS = new ResourceKind("", "v1", "events", "event", "Event", Set.of("ev"),
            Set.of(), true, Set.of(), Set.of(), true);

    private EmbeddedApiServer server;
    private ClusterApi api;
    private final RecordingLog log = new RecordingLog();
    private final List<EventPoster> posters = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.builder().build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults()
                .withErrorBackoffs(List.of(Duration.ofMillis(5), Duration.ofMillis(5))));
        api.create("/api/v1/namespaces", json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'team-a'}}"));
    }

    @AfterEach
    void stop() {
        posters.forEach(EventPoster::close);
        server.close();
    }

    private EventPoster poster(EventPoster.Config config) {
        EventPoster p = new EventPoster(api, config, InstantSource.fixed(NOW), log);
        posters.add(p);
        return p;
    }

    private EventPoster poster() {
        return poster(EventPoster.Config.defaults());
    }

    /** The stored Events of a namespace with this reason. */
    private List<JsonNode> events(String namespace, String reason) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : api.list("/api/v1/namespaces/" + namespace + "/events").path("items")) {
            if (reason.equals(e.path("reason").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private JsonNode onlyEvent(String namespace, String reason) {
        List<JsonNode>[] found = new List[1];
        eventually(WAIT, () -> {
            found[0] = events(namespace, reason);
            assertEquals(1, found[0].size(), "events with reason " + reason + " in " + namespace);
        });
        return found[0].get(0);
    }

    private static final JsonNode FULL_BODY = json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample',"
            + "'metadata':{'name':'kex1','namespace':'team-a','uid':'6b9a8c1e-0000-4000-8000-000000000001'},"
            + "'spec':{'field':'x'}}");

    // ------------------------------------------------------------------------------------------ valid Events

    @Test
    void eventAboutAFullBodyCarriesEverythingKopfPosts() {
        assertTrue(poster().post(FULL_BODY, "Normal", "Created", "hello"));

        JsonNode e = onlyEvent("team-a", "Created");
        assertEquals("kopf.dev/v1", e.path("involvedObject").path("apiVersion").asText());
        assertEquals("KopfExample", e.path("involvedObject").path("kind").asText());
        assertEquals("kex1", e.path("involvedObject").path("name").asText());
        assertEquals("6b9a8c1e-0000-4000-8000-000000000001", e.path("involvedObject").path("uid").asText());
        assertEquals("team-a", e.path("involvedObject").path("namespace").asText());
        assertEquals("Normal", e.path("type").asText());
        assertEquals("hello", e.path("message").asText());
        assertEquals("kopf", e.path("reportingComponent").asText());
        assertEquals("dev", e.path("reportingInstance").asText());
        assertEquals("kopf", e.path("source").path("component").asText());
        assertEquals("Action?", e.path("action").asText());
        assertEquals("2026-03-01T10:00:00.123456Z", e.path("eventTime").asText());
        assertEquals("2026-03-01T10:00:00Z", e.path("firstTimestamp").asText());
        assertEquals("2026-03-01T10:00:00Z", e.path("lastTimestamp").asText());
        assertTrue(e.path("metadata").path("name").asText().startsWith("kopf-event-"));
        assertTrue(log.at(Level.WARN).isEmpty());
    }

    @Test
    void referenceWithoutApiVersionIsStillPosted() {
        poster().post(json("{'kind':'KopfExample','name':'kex1','namespace':'team-a','uid':'u-1'}"),
                "Normal", "NoApiVersion", "m");

        JsonNode involved = onlyEvent("team-a", "NoApiVersion").path("involvedObject");
        assertFalse(involved.hasNonNull("apiVersion"));
        assertEquals("KopfExample", involved.path("kind").asText());
        assertEquals("kex1", involved.path("name").asText());
    }

    @Test
    void missingApiVersionAndKindAreFilledFromTheResolvedResource() {
        poster().post(json("{'metadata':{'name':'kex1','namespace':'team-a'}}"), KOPFEXAMPLES,
                "Normal", "Filled", "m");

        JsonNode involved = onlyEvent("team-a", "Filled").path("involvedObject");
        assertEquals("kopf.dev/v1", involved.path("apiVersion").asText());
        assertEquals("KopfExample", involved.path("kind").asText());
    }

    @Test
    void bodyWithoutKindIsStillPosted() {
        poster().post(json("{'apiVersion':'kopf.dev/v1','metadata':{'name':'kex1','namespace':'team-a'}}"),
                "Warning", "NoKind", "m");

        JsonNode e = onlyEvent("team-a", "NoKind");
        assertFalse(e.path("involvedObject").hasNonNull("kind") && !e.path("involvedObject").path("kind").asText().isEmpty());
        assertEquals("Warning", e.path("type").asText());
    }

    @Test
    void bodyWithoutUidIsStillPosted() {
        poster().post(json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'kex1',"
                + "'namespace':'team-a'}}"), "Normal", "NoUid", "m");

        JsonNode involved = onlyEvent("team-a", "NoUid").path("involvedObject");
        assertEquals("kex1", involved.path("name").asText());
        assertTrue(involved.path("uid").asText("").isEmpty());
    }

    @Test
    void bodyWithoutNamespaceGoesToTheDefaultNamespace() {
        poster().post(json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'kex1'}}"),
                "Normal", "NoNamespace", "m");

        JsonNode e = onlyEvent("default", "NoNamespace");
        assertEquals("default", e.path("metadata").path("namespace").asText());
    }

    @Test
    void emptyReferenceIsStillPosted() {
        poster().post(json("{}"), "Normal", "Nothing", "m");
        poster().post(null, "Normal", "Null", "m");

        onlyEvent("default", "Nothing");
        onlyEvent("default", "Null");
    }

    @Test
    void clusterScopedObjectGetsTheDefaultNamespaceFindableByKubectlDescribe() {
        poster().post(json("{'apiVersion':'kopf.dev/v1','kind':'ClusterThing','metadata':{'name':'t1','uid':'u-2'}}"),
                CLUSTER_THINGS, "Normal", "ClusterScoped", "m");

        JsonNode e = onlyEvent("default", "ClusterScoped");
        assertTrue(e.path("involvedObject").path("namespace").asText("").isEmpty());
        assertEquals("t1", e.path("involvedObject").path("name").asText());
    }

    @Test
    void clusterScopedObjectInAnotherContextNamespaceNamesItAsTheInvolvedNamespace() {
        poster(EventPoster.Config.defaults().withDefaultNamespace("team-a")).post(
                json("{'apiVersion':'kopf.dev/v1','kind':'ClusterThing','metadata':{'name':'t1'}}"),
                CLUSTER_THINGS, "Normal", "ContextNamespace", "m");

        JsonNode e = onlyEvent("team-a", "ContextNamespace");
        assertEquals("team-a", e.path("involvedObject").path("namespace").asText());
    }

    @Test
    void longMessageIsCutInTheMiddleToTheServersLimit() {
        String message = "A".repeat(600) + "B".repeat(600) + "C".repeat(600);
        poster().post(FULL_BODY, "Normal", "LongMessage", message);

        String stored = onlyEvent("team-a", "LongMessage").path("message").asText();
        assertEquals(1024, stored.length());
        assertTrue(stored.startsWith("A".repeat(511) + "..."));
        assertTrue(stored.endsWith("..." + "C".repeat(510)));
    }

    @Test
    void longMultibyteMessageIsCutByBytesWithoutSplittingCharacters() {
        String message = "ü".repeat(1000);
        poster().post(FULL_BODY, "Normal", "LongUnicode", message);

        String stored = onlyEvent("team-a", "LongUnicode").path("message").asText();
        assertTrue(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1024);
        assertTrue(stored.matches("ü+\\.\\.\\.ü+"));
    }

    @Test
    void eventsAboutEventsAreNeverPosted() {
        EventPoster p = poster();
        assertFalse(p.post(json("{'apiVersion':'v1','kind':'Event','metadata':{'name':'e1','namespace':'team-a'}}"),
                "Normal", "AboutEvent", "m"));
        assertFalse(p.post(json("{'apiVersion':'events.k8s.io/v1','kind':'Event','metadata':{'name':'e1',"
                + "'namespace':'team-a'}}"), "Normal", "AboutEvent", "m"));
        assertFalse(p.post(json("{'metadata':{'name':'e1','namespace':'team-a'}}"), EVENTS,
                "Normal", "AboutEvent", "m"));
        p.post(FULL_BODY, "Normal", "AfterThem", "m");

        onlyEvent("team-a", "AfterThem"); // one sender, in order: had they been queued, they were sent by now
        assertEquals(List.of(), events("team-a", "AboutEvent"));
        assertEquals(1, p.posted());
    }

    // ------------------------------------------------------------------------------------------ rejections

    @ParameterizedTest
    @ValueSource(ints = {422, 403, 500})
    void rejectedEventsAreLoggedOnceDroppedAndNeverThrown(int status) throws InterruptedException {
        server.faults().fail("POST", "/api/v1/namespaces/team-a/events", status, -1);
        EventPoster p = poster();

        for (int i = 0; i < 5; i++) {
            assertTrue(p.post(FULL_BODY, "Warning", "Storm", "event #" + i));
        }
        assertTrue(p.awaitIdle(WAIT));

        assertEquals(5, p.rejected());
        assertEquals(0, p.posted());
        List<String> warnings = log.at(Level.WARN, "Failed to post an Event");
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.get(0).contains(" " + status + " "), warnings.get(0));
        assertTrue(warnings.get(0).contains("about KopfExample team-a/kex1"), warnings.get(0));

        server.faults().clear();
        p.post(FULL_BODY, "Normal", "Recovered", "m");
        onlyEvent("team-a", "Recovered");
    }

    @Test
    void serverErrorsAreRetriedBeforeGivingUp() throws InterruptedException {
        server.faults().fail("POST", "/api/v1/namespaces/team-a/events", 500, 2);
        EventPoster p = poster();

        p.post(FULL_BODY, "Normal", "AfterRetries", "m");

        onlyEvent("team-a", "AfterRetries");
        assertTrue(p.awaitIdle(WAIT));
        assertEquals(0, p.rejected());
        assertTrue(log.at(Level.WARN).isEmpty());
    }

    @Test
    void differentFailuresAreEachLoggedOnce() throws InterruptedException {
        server.faults().fail("POST", "/api/v1/namespaces/team-a/events", 422, -1);
        EventPoster p = poster();

        p.post(FULL_BODY, "Warning", "First", "m");
        p.post(FULL_BODY, "Warning", "First", "m");
        p.post(FULL_BODY, "Warning", "Second", "m");
        assertTrue(p.awaitIdle(WAIT));

        assertEquals(2, log.at(Level.WARN, "Failed to post an Event").size());
    }

    // ------------------------------------------------------------------------------------------ never blocking

    @Test
    void postingDoesNotBlockWhenTheServerIsSlow() {
        server.faults().delay("POST", "/api/v1/namespaces/team-a/events", Duration.ofMillis(700), 3);
        EventPoster p = poster();

        long t0 = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            assertTrue(p.post(FULL_BODY, "Normal", "Slow", "event #" + i));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertTrue(took.compareTo(Duration.ofMillis(300)) < 0, "posting took " + took);
        eventually(WAIT, () -> assertEquals(3, events("team-a", "Slow").size()));
    }

    @Test
    void fullQueueDropsEventsWithOneWarning() throws InterruptedException {
        server.faults().delay("POST", "/api/v1/namespaces/team-a/events", Duration.ofMillis(500), 1);
        EventPoster p = poster(EventPoster.Config.defaults().withQueueCapacity(2));

        int accepted = 0;
        for (int i = 0; i < 10; i++) {
            accepted += p.post(FULL_BODY, "Normal", "Overflow", "event #" + i) ? 1 : 0;
        }
        assertTrue(p.awaitIdle(WAIT));

        assertTrue(accepted <= 3, "accepted " + accepted);
        assertEquals(10 - accepted, p.dropped());
        assertEquals(1, log.at(Level.WARN, "The event queue is full").size());
        assertEquals(1, log.at(Level.INFO, "The event queue drained").size());
        assertEquals(accepted, events("team-a", "Overflow").size());
    }

    @Test
    void postingAfterCloseIsRefusedQuietly() {
        EventPoster p = poster();
        p.close();

        assertFalse(p.post(FULL_BODY, "Normal", "Closed", "m"));
    }
}
