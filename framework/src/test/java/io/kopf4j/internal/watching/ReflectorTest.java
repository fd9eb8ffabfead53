package io.kopf4j.internal.watching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.util.ThreadPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static io.kopf4j.support.Eventually.continually;
import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reflector against the embedded API server, with faults injected. */
class ReflectorTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String NS = "default";
    private static final ResourceKind KEX = new ResourceKind("kopf.dev", "v1", "kopfexamples", null, "KopfExample",
            null, null, true, null, null, true);
    private static final ResourceKind CONFIGMAPS = new ResourceKind("", "v1", "configmaps", null, "ConfigMap",
            null, null, true, null, null, true);
    private static final String KEX_PATH = KEX.collectionPath(NS);
    private static final String KEX_REGEX = KEX_PATH.replace(".", "\\.");

    private EmbeddedApiServer server;
    private ClusterApi api;
    private Reflector reflector;
    private final Recording events = new Recording();

    @AfterEach
    void tearDown() {
        if (reflector != null) {
            reflector.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    private void serve(Duration bookmarkInterval) {
        server = EmbeddedApiServer.builder().bookmarkInterval(bookmarkInterval).build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults()
                .withErrorBackoffs(List.of(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(50)))
                .withRequestTimeout(Duration.ofSeconds(10)));
        api.create("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json("{'apiVersion':"
                + "'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition','metadata':{'name':'kopfexamples.kopf"
                + ".dev'},'spec':{'group':'kopf.dev','scope':'Namespaced','names':{'plural':'kopfexamples',"
                + "'singular':'kopfexample','kind':'KopfExample'},'versions':[{'name':'v1','served':true,"
                + "'storage':true,'schema':{'openAPIV3Schema':{'type':'object',"
                + "'x-kubernetes-preserve-unknown-fields':true}}}]}}"));
        eventually(WAIT, () -> {
            try {
                api.list(KEX_PATH);
            } catch (ApiError e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Reflector.Config fast() {
        return Reflector.Config.defaults().withReconnectBackoff(Duration.ofMillis(50))
                .withBackoffCap(Duration.ofMillis(500));
    }

    private Reflector start(ResourceKind kind, Reflector.Config config) {
        return start(kind, config, InstantSource.system());
    }

    private Reflector start(ResourceKind kind, Reflector.Config config, InstantSource clock) {
        reflector = new Reflector(api, kind, NS, config, events, ThreadPlatform.detect(), clock).start();
        eventually(WAIT, () -> assertEquals(1, reflector.listings()));
        eventually(WAIT, () -> assertTrue(reflector.watchRequests() >= 1));
        return reflector;
    }

    private JsonNode create(String name) {
        return api.create(KEX_PATH, json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample','metadata':{'name':'"
                + name + "'},'spec':{'n':0}}"));
    }

    private JsonNode modify(String name, int n) {
        return api.patch(KEX_PATH + "/" + name, json("{'spec':{'n':" + n + "}}"), ClusterApi.PatchType.MERGE);
    }

    private void delete(String name) {
        api.delete(KEX_PATH + "/" + name);
    }

    @Test
    void listsThenWatchesAddedModifiedAndDeletedInOrder() {
        serve(Duration.ofMillis(200));
        create("pre");
        start(KEX, fast());
        assertEquals(List.of("listing pre"), events.summary());
        assertEquals(1, events.listedCount());

        create("x");
        modify("x", 1);
        delete("x");
        eventually(WAIT, () -> assertEquals(List.of("listing pre", "ADDED x", "MODIFIED x", "DELETED x"),
                events.summary()));
        List<WatchEvent> x = events.of("x");
        assertEquals(1, x.get(1).object().path("spec").path("n").asInt());
        assertTrue(Long.parseLong(x.get(2).resourceVersion()) > Long.parseLong(x.get(1).resourceVersion()),
                "DELETED carries the deletion's own version");
        assertEquals(x.get(2).resourceVersion(), reflector.lastResourceVersion());
    }

    @Test
    void afterStoppingHandsOnEveryObjectNotSeenDeletedAsDeletedOnce() {
        serve(Duration.ofMillis(200));
        create("stays");
        create("goes");
        start(KEX, fast());
        delete("goes");
        eventually(WAIT, () -> assertEquals(3, events.all().size()));
        assertEquals(Set.of("listing stays", "listing goes"), new HashSet<>(events.summary().subList(0, 2)));
        assertEquals("DELETED goes", events.summary().get(2));
        assertTrue(reflector.stop());

        assertEquals(1, reflector.deliverRemainingDeletions("999"));
        assertEquals("DELETED stays", events.summary().get(3));
        WatchEvent gone = events.last("stays");
        assertEquals("999", gone.resourceVersion());
        assertEquals(events.of("stays").get(0).object(), gone.object(), "the last known body");
        assertEquals(0, reflector.deliverRemainingDeletions("1000"), "each object is handed on once");
        assertEquals(4, events.all().size());
    }

    @Test
    void refusesToHandObjectsOnAsDeletedWhileRunning() {
        serve(Duration.ofMillis(200));
        start(KEX, fast());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> reflector.deliverRemainingDeletions(null));
        assertTrue(e.getMessage().contains("still running"), e.getMessage());
    }

    @Test
    void resumesAfterCutStreamsWithNoEventMissedAndNoneRepeated() {
        serve(Duration.ofMillis(200));
        start(KEX, fast());
        Map<String, String> finalVersions = new LinkedHashMap<>();
        Set<String> deleted = new HashSet<>();
        int writes = 0;
        int cuts = 0;
        for (int i = 0; i < 12; i++) {
            String name = "burst-" + i;
            finalVersions.put(name, create(name).path("metadata").path("resourceVersion").asText());
            writes++;
            for (int n = 1; n <= 3; n++) {
                finalVersions.put(name, modify(name, n).path("metadata").path("resourceVersion").asText());
                writes++;
                if ((i + n) % 2 == 0) {
                    // Cut an open stream (wait for the previous cut's reconnection), then keep writing at once,
                    // so that changes land while the reflector is disconnected.
                    eventually(WAIT, () -> assertEquals(1, server.faults().openWatches()));
                    cuts += server.faults().cutWatches();
                }
            }
            if (i % 3 == 0) {
                delete(name);
                deleted.add(name);
                writes++;
            }
        }
        int expected = writes;
        eventually(WAIT, () -> assertEquals(expected, events.all().size()));
        continually(Duration.ofMillis(300), () -> assertEquals(expected, events.all().size()));
        assertEquals(List.of(), events.duplicates());
        assertEquals(1, reflector.listings(), "resumed, never relisted");
        assertEquals(18, cuts);
        assertTrue(reflector.watchRequests() > cuts, "watched " + reflector.watchRequests() + " times");
        for (Map.Entry<String, String> e : finalVersions.entrySet()) {
            List<WatchEvent> mine = events.of(e.getKey());
            WatchEvent last = mine.get(mine.size() - 1);
            if (deleted.contains(e.getKey())) {
                assertEquals(WatchEvent.DELETED, last.type(), e.getKey());
            } else {
                assertEquals(e.getValue(), last.resourceVersion(), e.getKey());
            }
        }
    }

    @Test
    void relistsWhenResumingFindsTheHistoryCompactedAndMissesNoFinalState() {
        serve(Duration.ofSeconds(60));
        create("kept");
        create("changed");
        create("removed");
        start(KEX, fast());
        assertEquals(3, events.all().size());

        server.faults().delay("GET", KEX_REGEX, Duration.ofMillis(800), 1);
        server.faults().cutWatches();
        String changedVersion = modify("changed", 7).path("metadata").path("resourceVersion").asText();
        delete("removed");
        create("added");
        server.faults().compactHistory();

        eventually(WAIT, () -> assertEquals(2, reflector.listings()));
        eventually(WAIT, () -> assertEquals(6, events.all().size()));
        assertEquals(Set.of("listing kept", "listing changed", "listing removed"),
                new HashSet<>(events.summary().subList(0, 3)));
        assertEquals(Set.of("listing changed", "listing added", "DELETED removed"),
                new HashSet<>(events.summary().subList(3, 6)));
        assertEquals(changedVersion, events.last("changed").resourceVersion());
        assertEquals(7, events.last("changed").object().path("spec").path("n").asInt());
        JsonNode removed = events.last("removed").object();
        assertEquals("KopfExample", removed.path("kind").asText(), "the deletion carries the last known body");
        assertEquals(events.of("removed").get(0).object(), removed);
        assertEquals(List.of(), events.duplicates());
        assertEquals(2, events.listedCount());

        create("later");
        eventually(WAIT, () -> assertEquals("ADDED later", events.summary().get(events.summary().size() - 1)));
    }

    @Test
    void latestGivesTheLastDeliveredEventOfALiveObjectAgainWithAFreshBodyEachTime() {
        serve(Duration.ofSeconds(60));
        create("listed");
        start(KEX, fast());
        create("x");
        modify("x", 3);
        eventually(WAIT, () -> assertEquals(List.of("listing listed", "ADDED x", "MODIFIED x"), events.summary()));

        WatchEvent delivered = events.last("x");
        WatchEvent again = reflector.latest(delivered.identity());
        assertEquals(WatchEvent.MODIFIED, again.type());
        assertEquals(delivered.resourceVersion(), again.resourceVersion());
        assertEquals(delivered.object(), again.object());
        assertNotSame(delivered.object(), again.object());
        ((ObjectNode) again.object()).put("changedByAListener", true);
        assertFalse(reflector.latest(delivered.identity()).object().has("changedByAListener"),
                "each call gives a body of its own");
        assertNull(reflector.latest(events.last("listed").identity()).type(), "a listed object is given as listed");

        List<String> all = new ArrayList<>();
        reflector.forEachLatest(e -> all.add((e.type() == null ? "listing" : e.type()) + " " + e.name()));
        assertEquals(Set.of("listing listed", "MODIFIED x"), new HashSet<>(all));

        delete("x");
        eventually(WAIT, () -> assertNull(reflector.latest(delivered.identity()), "a deleted object is forgotten"));
        assertNull(reflector.latest("no-such-uid"));
    }

    @Test
    void listsInPagesAndDeliversEveryObjectOnceInIncreasingVersions() {
        serve(Duration.ofSeconds(60));
        for (int i = 0; i < 7; i++) {
            create("p" + i);
        }
        // Page 2 of 3 is slow; meanwhile p5 (on page 2) changes twice and p6 (on page 3) is created.
        server.faults().delay("GET", KEX_REGEX, Duration.ofSeconds(2), 2);
        reflector = new Reflector(api, KEX, NS, fast().withListPageSize(3), events, ThreadPlatform.detect(),
                InstantSource.system()).start();
        eventually(WAIT, () -> assertEquals(3, events.all().size(), "page 1 is delivered before page 2 is read"));
        assertEquals(0, reflector.listings());
        modify("p5", 1);
        String last = modify("p5", 2).path("metadata").path("resourceVersion").asText();
        create("p7");

        eventually(WAIT, () -> assertEquals(1, reflector.listings()));
        eventually(WAIT, () -> assertEquals(last, events.last("p5").resourceVersion()));
        eventually(WAIT, () -> assertNotNull(events.last("p7")));
        continually(Duration.ofMillis(500), () -> assertEquals(1, reflector.listings()));
        for (int i = 0; i < 8; i++) {
            List<Long> versions = events.of("p" + i).stream().map(e -> Long.parseLong(e.resourceVersion())).toList();
            for (int k = 1; k < versions.size(); k++) {
                assertTrue(versions.get(k) > versions.get(k - 1), "p" + i + ": " + versions);
            }
        }
        assertEquals(List.of(), events.duplicates());
        assertEquals(2, events.last("p5").object().path("spec").path("n").asInt());
    }

    @Test
    void aListingWhosePagesExpireStartsAgainAndDeliversNothingTwice() {
        serve(Duration.ofSeconds(60));
        for (int i = 0; i < 7; i++) {
            create("e" + i);
        }
        server.faults().delay("GET", KEX_REGEX, Duration.ofSeconds(2), 2);
        reflector = new Reflector(api, KEX, NS, fast().withListPageSize(3), events, ThreadPlatform.detect(),
                InstantSource.system()).start();
        eventually(WAIT, () -> assertEquals(3, events.all().size()));
        // The continue token of page 2 expires while its request waits: 410, then a new listing at a new version
        // (from which the watch can resume: a watch from the expired version would answer 410 and relist).
        server.faults().compactHistory();

        eventually(WAIT, () -> assertEquals(1, reflector.listings()));
        eventually(WAIT, () -> assertEquals(7, events.all().size()));
        continually(Duration.ofMillis(500), () -> assertEquals(1, reflector.listings()));
        assertEquals(List.of(), events.duplicates());
        create("later");
        eventually(WAIT, () -> assertEquals("ADDED later", events.summary().get(events.summary().size() - 1)));
        assertEquals(1, reflector.listings());
    }

    @Test
    void relistsOnAnHttp410ForTheWatchRequest() {
        serve(Duration.ofSeconds(60));
        create("a");
        start(KEX, fast());
        server.faults().fail("GET", KEX_REGEX, 410, 1);
        server.faults().cutWatches();
        eventually(WAIT, () -> assertEquals(2, reflector.listings()));
        create("b");
        eventually(WAIT, () -> assertEquals(List.of("listing a", "ADDED b"), events.summary()));
    }

    @Test
    void otherErrorEventsRelistAfterABackoff() {
        serve(Duration.ofSeconds(60));
        create("a");
        start(KEX, fast());
        server.faults().respond("GET", KEX_REGEX, 200, "application/json", "{\"type\":\"ERROR\",\"object\":"
                + "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"simulated (expected in this test)\",\"reason\":\"InternalError\",\"code\":500}}\n", 1);
        server.faults().cutWatches();
        eventually(WAIT, () -> assertEquals(2, reflector.listings()));
        modify("a", 1);
        eventually(WAIT, () -> assertEquals(List.of("listing a", "MODIFIED a"), events.summary()));
    }

    @Test
    void reconnectsAfterTheServerRestarts() {
        serve(Duration.ofMillis(200));
        create("before");
        start(KEX, fast());
        long requests = reflector.watchRequests();
        server.faults().restart();
        create("after");
        eventually(WAIT, () -> assertEquals(List.of("listing before", "ADDED after"), events.summary()));
        assertTrue(reflector.watchRequests() > requests);
        assertEquals(List.of(), events.duplicates());
    }

    @Test
    void recoversWhenTheWatchRequestFailsWith5xx() {
        serve(Duration.ofMillis(200));
        start(KEX, fast());
        server.faults().fail("GET", KEX_REGEX, 503, 3);
        server.faults().cutWatches();
        create("a");
        eventually(WAIT, () -> assertEquals(List.of("ADDED a"), events.summary()));
        assertEquals(1, reflector.listings(), "a failed watch resumes; it does not relist");
    }

    @Test
    void closesAndResumesAStreamSilentForLongerThanTheInactivityTimeout() {
        serve(Duration.ofSeconds(60));
        start(KEX, fast().withInactivityTimeout(Duration.ofMillis(300)));
        eventually(WAIT, () -> assertTrue(reflector.watchRequests() >= 3, "" + reflector.watchRequests()));
        assertEquals(1, reflector.listings());
        create("a");
        eventually(WAIT, () -> assertEquals(List.of("ADDED a"), events.summary()));
    }

    @Test
    void bookmarksKeepAQuietStreamAliveAndAdvanceTheResumeVersion() {
        serve(Duration.ofMillis(100));
        start(KEX, fast().withInactivityTimeout(Duration.ofMillis(600)));
        String listed = reflector.lastResourceVersion();
        api.create(CONFIGMAPS.collectionPath(NS), json("{'apiVersion':'v1','kind':'ConfigMap','metadata':"
                + "{'name':'unrelated'},'data':{'k':'v'}}"));
        eventually(WAIT, () -> assertTrue(Long.parseLong(reflector.lastResourceVersion()) > Long.parseLong(listed)));
        continually(Duration.ofMillis(1500), () -> assertEquals(1, reflector.watchRequests()));
        assertEquals(List.of(), events.summary());
    }

    @Test
    void builtInListItemsGetTheirApiVersionAndKind() {
        serve(Duration.ofSeconds(60));
        api.create(CONFIGMAPS.collectionPath(NS), json("{'apiVersion':'v1','kind':'ConfigMap','metadata':"
                + "{'name':'listed'},'data':{'k':'v'}}"));
        start(CONFIGMAPS, fast());
        WatchEvent listed = events.last("listed");
        assertNotNull(listed);
        assertNull(listed.type());
        assertEquals("v1", listed.object().path("apiVersion").asText());
        assertEquals("ConfigMap", listed.object().path("kind").asText());
    }

    @Test
    void stopEndsTheReflectorPromptlyAndNothingIsDeliveredAfterwards() {
        serve(Duration.ofSeconds(60));
        start(KEX, fast());
        long start = System.nanoTime();
        assertTrue(reflector.stop());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_000, "stopped in " + millis + " ms");
        assertFalse(reflector.isRunning());
        create("a");
        continually(Duration.ofMillis(300), () -> assertEquals(List.of(), events.summary()));
    }

    @Test
    void stopIsPromptWhileBackingOffFromAnUnreachableServer() {
        serve(Duration.ofSeconds(60));
        start(KEX, fast().withBackoffCap(Duration.ofSeconds(30)));
        server.stop();
        eventually(WAIT, () -> assertTrue(reflector.lastEventAge().toMillis() > 200));
        long start = System.nanoTime();
        assertTrue(reflector.stop());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 1_000, "stopped in " + millis + " ms");
    }

    @Test
    void lastEventAgeCountsFromTheLastEventOrBookmark() {
        serve(Duration.ofSeconds(60));
        ManualClock clock = new ManualClock();
        start(KEX, fast(), clock);
        clock.advance(Duration.ofSeconds(42));
        assertEquals(Duration.ofSeconds(42), reflector.lastEventAge());
        create("a");
        eventually(WAIT, () -> assertEquals(1, events.all().size()));
        assertEquals(Duration.ZERO, reflector.lastEventAge());
    }

    // ------------------------------------------------------------------ helpers

    private static JsonNode json(String singleQuoted) {
        try {
            return ClusterApi.json().readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A clock that moves only when told. */
    static final class ManualClock implements InstantSource {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2025-01-01T00:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    /** Records what the reflector delivers. */
    static final class Recording implements WatchListener {
        private final List<WatchEvent> events = new ArrayList<>();
        private int listed;

        @Override
        public synchronized void onEvent(ResourceKind kind, WatchEvent event) {
            events.add(event);
        }

        @Override
        public synchronized void onListed(ResourceKind kind, String resourceVersion) {
            listed++;
        }

        synchronized List<WatchEvent> all() {
            return List.copyOf(events);
        }

        synchronized int listedCount() {
            return listed;
        }

        /** "ADDED name", "listing name", ... in delivery order. */
        synchronized List<String> summary() {
            return events.stream().map(e -> (e.type() == null ? "listing" : e.type()) + " " + e.name())
                    .collect(Collectors.toList());
        }

        synchronized List<WatchEvent> of(String name) {
            return events.stream().filter(e -> name.equals(e.name())).collect(Collectors.toList());
        }

        synchronized WatchEvent last(String name) {
            List<WatchEvent> mine = of(name);
            return mine.isEmpty() ? null : mine.get(mine.size() - 1);
        }

        /** The (uid, resourceVersion) pairs delivered more than once. */
        synchronized List<String> duplicates() {
            Map<String, Integer> counts = new HashMap<>();
            for (WatchEvent e : events) {
                counts.merge(e.uid() + "@" + e.resourceVersion(), 1, Integer::sum);
            }
            return counts.entrySet().stream().filter(en -> en.getValue() > 1).map(Map.Entry::getKey).sorted()
                    .collect(Collectors.toList());
        }
    }
}
