package io.kopf4j.e2e;

import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.RawEvent;
import io.kopf4j.Resource;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resource selection (features.md A, "resource selection"): handlers name their resource in any form; a name that
 * matches resources of two groups is warned about and skipped; a name that matches nothing is warned about; the
 * core group wins over same-named custom resources; {@code Kopf.EVERYTHING} sees every kind but Events.
 */
class ResourceSelectionE2ETest {

    /** Records, per handler, the names of the objects it saw (as {@code group/name}). */
    static class Recorder {
        final Map<String, List<String>> seen = new ConcurrentHashMap<>();

        void saw(String handler, Resource resource, Meta meta) {
            seen.computeIfAbsent(handler, k -> new CopyOnWriteArrayList<>()).add(resource.group() + "/" + meta.name());
        }

        List<String> of(String handler) {
            return seen.getOrDefault(handler, List.of());
        }
    }

    static class ByNames extends Recorder {
        @On.Create("kex")
        void byShortName(Resource resource, Meta meta) {
            saw("short", resource, meta);
        }

        @On.Create("KopfExample")
        void byKind(Resource resource, Meta meta) {
            saw("kind", resource, meta);
        }

        @On.Create("kopfexamples.kopf.dev")
        void byPluralAndGroup(Resource resource, Meta meta) {
            saw("pluralGroup", resource, meta);
        }

        @On.Create(kind = "KopfExample")
        void byExactKind(Resource resource, Meta meta) {
            saw("exactKind", resource, meta);
        }
    }

    @Test
    void handlersSelectTheResourceByShortNameKindPluralWithGroupAndExactKind() {
        ByNames op = new ByNames();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("named");
            cluster.create(name, "{}");
            eventually(() -> {
                for (String handler : List.of("short", "kind", "pluralGroup", "exactKind")) {
                    assertEquals(List.of("kopf.dev/" + name), op.of(handler), handler);
                }
            });
            assertEquals(List.of(), runner.errors());
        }
    }

    static class TwoGroups extends Recorder {
        @On.Create("kopfexamples")
        void ambiguous(Resource resource, Meta meta) {
            saw("ambiguous", resource, meta);
        }

        @On.Create("kopfexamples.kopf.dev")
        void ours(Resource resource, Meta meta) {
            saw("ours", resource, meta);
        }

        @On.Create("kopfexamples.other.example.com")
        void theirs(Resource resource, Meta meta) {
            saw("theirs", resource, meta);
        }
    }

    @Test
    void aNameOfTwoGroupsIsWarnedAboutNamingBothAndSkippedWhileTheOthersWork() {
        TwoGroups op = new TwoGroups();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog()) {
            cluster.crd("other.example.com", "kopfexamples", "kopfexample", "KopfExample");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                String name = TestCluster.unique("ambiguous");
                cluster.create(name, "{}");
                cluster.send("POST", "/apis/other.example.com/v1/namespaces/default/kopfexamples",
                        TestCluster.json("{\"apiVersion\":\"other.example.com/v1\",\"kind\":\"KopfExample\","
                                + "\"metadata\":{\"name\":\"" + name + "\"}}"), 201);
                eventually(() -> assertEquals(List.of("kopf.dev/" + name), op.of("ours")));
                eventually(() -> assertEquals(List.of("other.example.com/" + name), op.of("theirs")));
                // Both objects are fully handled (the diff base is stored after all handlers of the cause ran).
                eventually(() -> assertTrue(cluster.get(name).path("metadata").path("annotations")
                        .has("kopf.zalando.org/last-handled-configuration")));
                eventually(() -> assertTrue(cluster.send("GET", "/apis/other.example.com/v1/namespaces/default/"
                        + "kopfexamples/" + name, null, 200).path("metadata").path("annotations")
                        .has("kopf.zalando.org/last-handled-configuration")));
                assertEquals(List.of(), op.of("ambiguous"));
                List<String> warnings = log.warnings().stream()
                        .filter(l -> l.contains("kopf.dev") && l.contains("other.example.com")).toList();
                assertEquals(1, warnings.size(), log.warnings().toString());
                assertTrue(warnings.get(0).contains("kopfexamples"), warnings.get(0));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    static class BecomesAmbiguous extends Recorder {
        @On.Create("kopfexamples")
        void byPlural(Resource resource, Meta meta) {
            saw("plural", resource, meta);
        }

        @On.Create("kopfexamples.kopf.dev")
        void witness(Resource resource, Meta meta) {
            saw("witness", resource, meta);
        }
    }

    @Test
    void aNameThatBecomesAmbiguousWhenASecondGroupAppearsStopsBeingServed() {
        BecomesAmbiguous op = new BecomesAmbiguous();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String first = TestCluster.unique("before");
            cluster.create(first, "{}");
            eventually(() -> assertEquals(List.of("kopf.dev/" + first), op.of("plural")));

            cluster.crd("other.example.com", "kopfexamples", "kopfexample", "KopfExample");
            eventually(() -> assertEquals(1, log.warnings().stream()
                    .filter(l -> l.contains("kopf.dev") && l.contains("other.example.com")).count()));
            String second = TestCluster.unique("after");
            cluster.create(second, "{}");
            eventually(() -> assertTrue(op.of("witness").contains("kopf.dev/" + second)));
            eventually(() -> assertTrue(cluster.get(second).path("metadata").path("annotations")
                    .has("kopf.zalando.org/last-handled-configuration")));
            assertEquals(List.of("kopf.dev/" + first), op.of("plural"));
            assertEquals(List.of(), runner.errors());
        }
    }

    static class Missing extends Recorder {
        @On.Create("nosuchthings")
        void missing(Resource resource, Meta meta) {
            saw("missing", resource, meta);
        }

        @On.Create("kopfexamples")
        void present(Resource resource, Meta meta) {
            saw("present", resource, meta);
        }
    }

    @Test
    void aNameThatMatchesNothingIsWarnedAboutAndTheOperatorStillRuns() {
        Missing op = new Missing();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("present");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(List.of("kopf.dev/" + name), op.of("present")));
            List<String> warnings = log.warnings().stream().filter(l -> l.contains("nosuchthings")).toList();
            assertEquals(1, warnings.size(), log.warnings().toString());
            assertEquals(List.of(), runner.errors());
        }
    }

    static class CoreConfigMaps {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @On.Event("configmaps")
        void configMap(Resource resource, Meta meta) {
            seen.add(resource.group() + "/" + meta.name());
        }
    }

    @Test
    void theCoreGroupWinsOverACustomResourceOfTheSameNameWithoutAWarning() {
        CoreConfigMaps op = new CoreConfigMaps();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog()) {
            cluster.crd("other.example.com", "configmaps", "configmap", "ConfigMap");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                String name = TestCluster.unique("core");
                cluster.configMap("default", name, "{}", "{}");
                eventually(() -> assertTrue(op.seen.contains("/" + name), op.seen.toString()));
                assertTrue(op.seen.stream().allMatch(s -> s.startsWith("/")), op.seen.toString());
                assertEquals(List.of(), log.warnings().stream().filter(l -> l.contains("configmaps")).toList());
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    static class Everything {
        final Set<String> kinds = ConcurrentHashMap.newKeySet();
        final Set<String> names = ConcurrentHashMap.newKeySet();

        @On.Event(Kopf.EVERYTHING)
        void anything(RawEvent event) {
            kinds.add(event.object().kind());
            names.add(event.object().kind() + "/" + event.object().metadata().name());
        }
    }

    @Test
    void everythingSeesObjectsOfSeveralKindsButNoEvents() {
        Everything op = new Everything();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("every");
            cluster.create(name, "{}");
            cluster.configMap("default", name, "{}", "{}");
            eventually(() -> assertTrue(op.names.containsAll(List.of("KopfExample/" + name, "ConfigMap/" + name)),
                    op.names.toString()));
            // Events are left out by not watching them at all (Kopf's EVERYTHING excludes them).
            List<String> watched = cluster.server.openWatches().stream().map(w -> w.resource()).toList();
            assertTrue(watched.contains("core/configmaps") && watched.contains("kopf.dev/kopfexamples"),
                    watched.toString());
            assertFalse(watched.contains("events"), watched.toString());
            cluster.send("POST", "/api/v1/namespaces/default/events", TestCluster.json("{\"apiVersion\":\"v1\","
                    + "\"kind\":\"Event\",\"metadata\":{\"name\":\"" + name + "\"},\"involvedObject\":{\"kind\":"
                    + "\"ConfigMap\",\"name\":\"" + name + "\",\"namespace\":\"default\"},\"reason\":\"Test\","
                    + "\"message\":\"an event\",\"type\":\"Normal\"}"), 201);
            eventually(() -> assertTrue(op.names.containsAll(List.of("KopfExample/" + name, "ConfigMap/" + name)),
                    op.names.toString()));
            assertTrue(op.kinds.contains("Namespace"), op.kinds.toString());
            assertFalse(op.kinds.contains("Event"), op.kinds.toString());
            assertEquals(List.of(), runner.errors());
        }
    }
}

