package io.kopf4j.e2e;

import io.kopf4j.Index;
import io.kopf4j.Indexed;
import io.kopf4j.Labels;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Store;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Indices: built from every event, current on changes and deletions, injected by name into handlers. */
class IndicesE2ETest {

    static class ByColour {
        final AtomicReference<Index<String, String>> seen = new AtomicReference<>();

        @On.Index("kopfexamples")
        Map<String, String> byColour(Meta meta, Labels labels) {
            String colour = labels.get("colour");
            return colour == null ? Map.of() : Map.of(colour, meta.name());
        }

        @On.Index(value = "kopfexamples", labels = "colour")
        String coloured(Meta meta) {
            return meta.name();
        }

        @On.Create("kopfexamples")
        void created(Meta meta, @Indexed("byColour") Index<String, String> index, Patch patch) {
            seen.set(index);
            String colour = meta.labels().get("colour");
            if (colour != null) {
                patch.status().put("sameColour", index.get(colour).values().stream().sorted().toList());
            }
        }
    }

    static class Chatty {
        @On.Index("kopfexamples")
        String named(Meta meta, Logger logger) {
            logger.info("indexing {}", meta.name());
            return meta.name();
        }

        @On.Create("kopfexamples")
        void created(Meta meta, Logger logger) {
            logger.info("creating {}", meta.name());
        }
    }

    private static Set<String> names(Store<?> store) {
        Set<String> out = new TreeSet<>();
        store.forEach(v -> out.add((String) v));
        return out;
    }

    @Test
    void indexFollowsCreationsChangesAndDeletionsAndHandlersSeeIt() {
        ByColour op = new ByColour();
        try (TestCluster cluster = new TestCluster()) {
            cluster.create("default", "red-1", "{}", "{\"colour\":\"red\"}");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                // The object existing before the start is indexed before any resource handler runs.
                eventually(() -> assertEquals(List.of("red-1"), names(cluster.get("red-1")).stream().toList()));
                cluster.create("default", "red-2", "{}", "{\"colour\":\"red\"}");
                cluster.create("default", "blue-1", "{}", "{\"colour\":\"blue\"}");
                cluster.create("default", "plain", "{}", "{}");
                eventually(() -> assertEquals(List.of("red-1", "red-2"),
                        names(cluster.get("red-2")).stream().toList()));
                Index<String, String> index = op.seen.get();
                eventually(() -> assertEquals(Set.of("red-1", "red-2"), names(index.get("red"))));
                assertEquals(Set.of("blue-1"), names(index.get("blue")));
                assertEquals(Set.of("red", "blue"), index.keySet());
                assertTrue(index.get("green").isEmpty());
                assertFalse(index.containsKey("green"));

                // A change moves the object to another key.
                cluster.mergePatch("red-2", "{\"metadata\":{\"labels\":{\"colour\":\"blue\"}}}");
                eventually(() -> assertEquals(Set.of("red-1"), names(index.get("red"))));
                assertEquals(Set.of("blue-1", "red-2"), names(index.get("blue")));

                // A deletion removes it.
                cluster.delete("blue-1");
                eventually(() -> assertEquals(Set.of("red-2"), names(index.get("blue"))));
                cluster.delete("red-1");
                eventually(() -> assertFalse(index.containsKey("red")));
                assertEquals(Set.of("blue"), index.keySet());
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    /** The status the create handler wrote: which objects had the same colour then. */
    private static Set<String> names(com.fasterxml.jackson.databind.JsonNode body) {
        Set<String> out = new TreeSet<>();
        body.path("status").path("sameColour").forEach(n -> out.add(n.asText()));
        return out;
    }

    static class Scalars {
        final AtomicReference<Index<Object, String>> seen = new AtomicReference<>();

        @On.Index(value = "kopfexamples", labels = "colour")
        String coloured(Meta meta) {
            return meta.name();
        }

        @On.Event("kopfexamples")
        void any(@Indexed("coloured") Index<Object, String> index) {
            seen.set(index);
        }
    }

    @Test
    void scalarResultsAreIndexedUnderTheNullKeyAndFiltersThatStopMatchingRemoveThem() {
        Scalars op = new Scalars();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            cluster.create("default", "c-1", "{}", "{\"colour\":\"red\"}");
            cluster.create("default", "c-2", "{}", "{}");
            eventually(() -> {
                Index<Object, String> index = op.seen.get();
                assertTrue(index != null && index.get(null).contains("c-1"));
            });
            Index<Object, String> index = op.seen.get();
            assertEquals(List.of("c-1"), index.get(null).values());
            cluster.mergePatch("c-1", "{\"metadata\":{\"labels\":{\"colour\":null}}}");
            eventually(() -> assertTrue(index.isEmpty()));
        }
    }

    static class Unknown {
        @On.Create("kopfexamples")
        void created(@Indexed("nothing") Index<String, String> index) {
        }
    }

    @Test
    void anUnknownIndexNameFailsTheStart() {
        try (TestCluster cluster = new TestCluster()) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> io.kopf4j.Kopf.operator(new Unknown()).client(cluster.server.client()).start());
            assertTrue(e.getMessage().contains("nothing"), e.getMessage());
        }
    }

    static class ConfigsByNamespace {
        final java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        @On.Index("configmaps")
        Map<String, String> configs(Meta meta) {
            return Map.of(meta.namespace(), meta.name());
        }

        @On.Create("kopfexamples")
        void created(Meta meta, @Indexed("configs") Index<String, String> configs) {
            seen.add(meta.name() + ":" + new TreeSet<>(configs.get(meta.namespace()).values()));
        }
    }

    @Test
    void resourceHandlersRunOnlyOnceEveryIndexHasItsInitialListing() {
        ConfigsByNamespace op = new ConfigsByNamespace();
        try (TestCluster cluster = new TestCluster()) {
            for (String name : List.of("settings-a", "settings-b")) {
                cluster.send("POST", "/api/v1/namespaces/default/configmaps", TestCluster.json(
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                                + "\"},\"data\":{}}"), 201);
            }
            cluster.create("early", "{}");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                eventually(() -> assertEquals(List.of("early:[settings-a, settings-b]"), op.seen));
            }
        }
    }

    /** Background handlers with an index: a timer and a daemon record what they saw in the status. */
    static class BackgroundReaders {
        @On.Index("configmaps")
        Map<String, String> configsByNamespace(Meta meta) {
            return Map.of(meta.namespace(), meta.name());
        }

        @On.Timer(value = "kopfexamples", interval = 0.2)
        void timer(@Indexed("configsByNamespace") Index<String, String> index, Patch patch) {
            patch.status().put("timerSaw", index.get("default").values().stream().sorted().toList());
        }

        @On.Daemon("kopfexamples")
        void daemon(@Indexed("configsByNamespace") Index<String, String> index, Patch patch) {
            patch.status().put("daemonSaw", index.get("default").values().stream().sorted().toList());
        }
    }

    @Test
    void timersAndDaemonsAreGivenTheIndicesToo() {
        try (TestCluster cluster = new TestCluster()) {
            cluster.send("POST", "/api/v1/namespaces/default/configmaps", TestCluster.json(
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\"},"
                            + "\"data\":{}}"), 201);
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), new BackgroundReaders())) {
                cluster.create("watched", "{}");
                eventually(() -> {
                    assertEquals("[\"settings\"]", cluster.get("watched").path("status").path("timerSaw").toString());
                    assertEquals("[\"settings\"]", cluster.get("watched").path("status").path("daemonSaw").toString());
                });
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void indexHandlersLogThroughTheSameObjectsLoggerAsOtherHandlers() {
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), new Chatty())) {
            String name = TestCluster.unique("chatty");
            cluster.create(name, "{}");

            eventually(() -> assertTrue(log.lines().stream().anyMatch(l -> l.endsWith("creating " + name))));
            String indexing = log.lines().stream().filter(l -> l.endsWith("indexing " + name)).findFirst()
                    .orElseThrow();
            String creating = log.lines().stream().filter(l -> l.endsWith("creating " + name)).findFirst()
                    .orElseThrow();
            assertTrue(indexing.contains(" kopf4j.objects - [default/" + name + "] "), indexing);
            assertTrue(creating.contains(" kopf4j.objects - [default/" + name + "] "), creating);
        }
    }
}
