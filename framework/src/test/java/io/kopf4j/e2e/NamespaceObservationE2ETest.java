package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.StopReason;
import io.kopf4j.Stopper;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static io.kopf4j.support.Eventually.continually;
import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Namespaces observed at run time (features.md A, "namespaces"; Kopf's {@code observation.py} and
 * {@code orchestration.py}): with globs or exclusions, the operator watches the {@code namespaces} resource and opens a
 * watch per served resource in each namespace that matches, as it appears; a deleted namespace's watches and daemons
 * stop. No namespaced resource is ever watched cluster-wide then, so namespace-scoped RBAC suffices. With exact names
 * only, each namespace is watched directly. Which watches are open is read from the embedded server; its short
 * bookmark interval makes it notice closed watch connections quickly.
 */
class NamespaceObservationE2ETest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEX = "kopf.dev/kopfexamples";
    private static final String CONFIGMAPS = "core/configmaps";
    private static final String NAMESPACES = "core/namespaces";

    static class Recorder {
        final Set<String> examples = ConcurrentHashMap.newKeySet();
        final Set<String> configMaps = ConcurrentHashMap.newKeySet();

        @On.Create("kopfexamples")
        void example(Meta meta) {
            examples.add(meta.namespace() + "/" + meta.name());
        }

        @On.Create("configmaps")
        void configMap(Meta meta) {
            configMaps.add(meta.namespace() + "/" + meta.name());
        }
    }

    static class Monitors {
        final Set<String> running = ConcurrentHashMap.newKeySet();
        final Map<String, StopReason> stopped = new ConcurrentHashMap<>();

        @On.Daemon("kopfexamples")
        void monitor(Meta meta, Stopper stopper) throws InterruptedException {
            String key = meta.namespace() + "/" + meta.name();
            running.add(key);
            while (!stopper.await(Duration.ofMillis(50))) {
                Thread.onSpinWait();
            }
            stopped.put(key, stopper.reason().orElseThrow());
            running.remove(key);
        }
    }

    private static TestCluster cluster() {
        return new TestCluster(EmbeddedApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).build().start());
    }

    /** The namespaces with an open watch of the resource ({@code *} for cluster-wide), one entry per watch. */
    private static List<String> watches(TestCluster cluster, String resource) {
        List<String> out = new ArrayList<>();
        for (EmbeddedApiServer.OpenWatch w : cluster.server.openWatches()) {
            if (w.resource().equals(resource)) {
                out.add(w.namespace() == null ? "*" : w.namespace());
            }
        }
        out.sort(null);
        return out;
    }

    private static Set<String> namespaces(TestCluster cluster) {
        Set<String> names = new TreeSet<>();
        for (JsonNode ns : cluster.list("/api/v1/namespaces").path("items")) {
            names.add(ns.path("metadata").path("name").asText());
        }
        return names;
    }

    private static void deleteNamespace(TestCluster cluster, String name) {
        cluster.send("DELETE", "/api/v1/namespaces/" + name, null, 200);
    }

    private static Set<String> only(Set<String> handled, String name) {
        Set<String> out = new TreeSet<>();
        for (String key : handled) {
            if (key.endsWith("/" + name)) {
                out.add(key);
            }
        }
        return out;
    }

    @Test
    void aMatchingNamespaceCreatedAtRunTimeIsWatchedAndServedWhileExcludedAndOtherOnesNeverAre() {
        Recorder op = new Recorder();
        try (TestCluster cluster = cluster()) {
            cluster.namespace("dev-a");
            cluster.namespace("other");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("dev-*,!dev-skip").start()) {
                eventually(WAIT, () -> assertEquals(List.of("dev-a"), watches(cluster, KEX)));
                eventually(WAIT, () -> assertEquals(List.of("dev-a"), watches(cluster, CONFIGMAPS)));
                assertEquals(List.of("*"), watches(cluster, NAMESPACES), "the namespaces are observed cluster-wide");

                cluster.namespace("dev-skip");
                cluster.namespace("prod-x");
                cluster.namespace("dev-b");
                eventually(WAIT, () -> assertEquals(List.of("dev-a", "dev-b"), watches(cluster, KEX)));
                eventually(WAIT, () -> assertEquals(List.of("dev-a", "dev-b"), watches(cluster, CONFIGMAPS)));

                String name = TestCluster.unique("observed");
                for (String ns : List.of("dev-skip", "prod-x", "other", "dev-a", "dev-b")) {
                    cluster.create(ns, name, "{}", "{}");
                    cluster.configMap(ns, name, "{}", "{}");
                }
                Set<String> served = Set.of("dev-a/" + name, "dev-b/" + name);
                eventually(WAIT, () -> assertEquals(served, only(op.examples, name)));
                eventually(WAIT, () -> assertEquals(served, only(op.configMaps, name)));
                continually(Duration.ofSeconds(1), () -> {
                    assertEquals(served, only(op.examples, name));
                    assertEquals(served, only(op.configMaps, name));
                    assertEquals(List.of("dev-a", "dev-b"), watches(cluster, KEX), "none cluster-wide");
                    assertEquals(List.of("dev-a", "dev-b"), watches(cluster, CONFIGMAPS), "none cluster-wide");
                });
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void deletingANamespaceStopsItsWatchesAndItsDaemonsAndItIsNotKeptTerminating() {
        Monitors op = new Monitors();
        try (TestCluster cluster = cluster()) {
            cluster.namespace("dev-c");
            cluster.namespace("dev-d");
            String name = TestCluster.unique("monitored");
            cluster.create("dev-c", name, "{}", "{}");
            cluster.create("dev-d", name, "{}", "{}");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("dev-*").start()) {
                eventually(WAIT, () -> assertEquals(Set.of("dev-c/" + name, "dev-d/" + name), op.running));
                assertEquals(List.of("dev-c", "dev-d"), watches(cluster, KEX));

                deleteNamespace(cluster, "dev-c");
                eventually(WAIT, () -> assertEquals(StopReason.RESOURCE_DELETED, op.stopped.get("dev-c/" + name)));
                eventually(WAIT, () -> assertFalse(namespaces(cluster).contains("dev-c"),
                        "the operator released its finalizer, so the namespace went away"));
                eventually(WAIT, () -> assertEquals(List.of("dev-d"), watches(cluster, KEX)));
                assertEquals(Set.of("dev-d/" + name), op.running, "the other namespace's daemon runs on");
                assertNull(op.stopped.get("dev-d/" + name));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void aNamespaceDeletedWhileItsWatchIsDownStillStopsItsDaemons() {
        Monitors op = new Monitors();
        try (TestCluster cluster = cluster(); CapturedLog log = new CapturedLog()) {
            cluster.namespace("dev-e");
            String name = TestCluster.unique("unseen");
            cluster.create("dev-e", name, "{}", "{}");
            String key = "dev-e/" + name;
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("dev-*").start()) {
                eventually(WAIT, () -> assertEquals(Set.of(key), op.running));
                eventually(WAIT, () -> assertTrue(TestCluster.finalizers(cluster.get("dev-e", name))
                        .contains(TestCluster.FINALIZER)));

                // The watch of dev-e breaks and cannot come back (RBAC revoked there), so the operator never sees
                // the object's deletion; the namespace's own deletion is all it learns.
                cluster.server.faults().fail("GET", "/apis/kopf\\.dev/v1/namespaces/dev-e/kopfexamples", 403, -1);
                cluster.server.faults().cutWatches();
                deleteNamespace(cluster, "dev-e");
                eventually(WAIT, () -> assertTrue(cluster.get("dev-e", name).path("metadata")
                        .has("deletionTimestamp")));
                continually(Duration.ofMillis(500), () -> assertEquals(Set.of(key), op.running,
                        "the operator cannot see the object's deletion"));

                // An administrator releases the stuck object; the namespace then goes away.
                cluster.send("PATCH", TestCluster.path("dev-e", name),
                        TestCluster.json("{\"metadata\":{\"finalizers\":null}}"), 200, "application/merge-patch+json");
                eventually(WAIT, () -> assertFalse(namespaces(cluster).contains("dev-e")));
                eventually(WAIT, () -> assertEquals(StopReason.RESOURCE_DELETED, op.stopped.get(key)));
                assertEquals(Set.of(), op.running);
                eventually(WAIT, () -> assertTrue(log.lines().stream().anyMatch(l -> l.contains(
                        "Namespace dev-e is gone: stopped its watch-streams (1); 1 objects not seen deleted are handled "
                                + "as deleted"))));
                assertEquals(List.of(), watches(cluster, KEX));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void exactNamesOpenOneWatchPerNamespaceAndResourceAndNoneClusterWide() {
        Recorder op = new Recorder();
        try (TestCluster cluster = cluster()) {
            cluster.namespace("team-a");
            cluster.namespace("team-b");
            cluster.namespace("team-c");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("team-a", "team-b").start()) {
                eventually(WAIT, () -> assertEquals(List.of("team-a", "team-b"), watches(cluster, KEX)));
                eventually(WAIT, () -> assertEquals(List.of("team-a", "team-b"), watches(cluster, CONFIGMAPS)));
                assertEquals(List.of(), watches(cluster, NAMESPACES), "exact names need no namespace observation");

                String name = TestCluster.unique("exact");
                for (String ns : List.of("team-c", "team-a", "team-b")) {
                    cluster.create(ns, name, "{}", "{}");
                }
                Set<String> served = Set.of("team-a/" + name, "team-b/" + name);
                eventually(WAIT, () -> assertEquals(served, only(op.examples, name)));
                continually(Duration.ofSeconds(1), () -> {
                    assertEquals(served, only(op.examples, name));
                    assertEquals(List.of("team-a", "team-b"), watches(cluster, KEX));
                    assertEquals(List.of("team-a", "team-b"), watches(cluster, CONFIGMAPS));
                });
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void forbiddenNamespaceListingFallsBackToTheExactNamesWithOneWarning() {
        Recorder op = new Recorder();
        try (TestCluster cluster = cluster(); CapturedLog log = new CapturedLog()) {
            cluster.namespace("team-a");
            cluster.namespace("dev-f");
            cluster.server.faults().fail("GET", "/api/v1/namespaces", 403, -1);
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("dev-*", "team-a").start()) {
                eventually(WAIT, () -> assertEquals(List.of("team-a"), watches(cluster, KEX)));
                assertEquals(List.of(), watches(cluster, NAMESPACES));

                String name = TestCluster.unique("fallback");
                cluster.create("dev-f", name, "{}", "{}");
                cluster.create("team-a", name, "{}", "{}");
                eventually(WAIT, () -> assertEquals(Set.of("team-a/" + name), only(op.examples, name)));
                continually(Duration.ofSeconds(1), () -> assertEquals(Set.of("team-a/" + name),
                        only(op.examples, name)));
                List<String> warnings = log.warnings().stream()
                        .filter(l -> l.contains("Not enough permissions to list namespaces")).toList();
                assertEquals(1, warnings.size(), String.valueOf(warnings));
                assertTrue(warnings.get(0).contains("[dev-*]") && warnings.get(0).contains("[team-a]"),
                        warnings.get(0));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void withScanningDisabledOnlyTheExactNamesAreServedAndNamespacesAreNotObserved() {
        Recorder op = new Recorder();
        try (TestCluster cluster = cluster(); CapturedLog log = new CapturedLog()) {
            cluster.namespace("team-a");
            cluster.namespace("dev-g");
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .settings(s -> s.scanning().disabled(true)).namespaces("dev-*", "team-a").start()) {
                eventually(WAIT, () -> assertEquals(List.of("team-a"), watches(cluster, KEX)));
                assertEquals(List.of(), watches(cluster, NAMESPACES));
                assertEquals(1, log.warnings().stream().filter(l -> l.contains("Scanning is disabled")
                        && l.contains("[dev-*]") && l.contains("[team-a]")).count(), String.valueOf(log.warnings()));
                assertEquals(List.of(), runner.errors());
            }
        }
    }
}
