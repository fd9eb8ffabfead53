package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kopf's peering: operators of one peering see each other in a {@code ClusterKopfPeering}'s status; only the one of
 * the highest priority handles objects; equal priorities all pause; freeze/resume from the command line.
 */
class PeeringE2ETest {
    static final String PEERING_PATH = "/apis/kopf.dev/v1/clusterkopfpeerings/";

    /** Counts the create-handler runs per object, across all operators (shared map), and per operator. */
    static class CountingOperator {
        final Map<String, Integer> all;
        final List<String> mine = new CopyOnWriteArrayList<>();

        CountingOperator(Map<String, Integer> all) {
            this.all = all;
        }

        @On.Create("kopfexamples")
        void create(Meta meta) {
            all.merge(meta.name(), 1, Integer::sum);
            mine.add(meta.name());
        }
    }

    /** The peering CRDs as Kopf's peering.yaml (no status subresource), and one ClusterKopfPeering. */
    static void installPeering(TestCluster cluster, String name) {
        for (String[] kind : new String[][]{{"Cluster", "ClusterKopfPeering", "clusterkopfpeering"},
                {"Namespaced", "KopfPeering", "kopfpeering"}}) {
            cluster.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", TestCluster.json(
                    "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                            + "\"metadata\":{\"name\":\"" + kind[2] + "s.kopf.dev\"},"
                            + "\"spec\":{\"scope\":\"" + kind[0] + "\",\"group\":\"kopf.dev\",\"names\":{\"kind\":\""
                            + kind[1] + "\",\"plural\":\"" + kind[2] + "s\",\"singular\":\"" + kind[2] + "\"},"
                            + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{"
                            + "\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"object\","
                            + "\"x-kubernetes-preserve-unknown-fields\":true}}}}}]}}"), 201);
        }
        cluster.send("POST", "/apis/kopf.dev/v1/clusterkopfpeerings", TestCluster.json(
                "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"ClusterKopfPeering\",\"metadata\":{\"name\":\"" + name
                        + "\"}}"), 201);
    }

    static Consumer<OperatorSettings> peering(String name, int priority) {
        // Short idle workers: on JDK 17 the worker pool is bounded and idle workers hold their slots for the idle
        // timeout, which would delay the replay of many objects at a resume (not the handover itself).
        return s -> {
            s.peering().name(name).priority(priority).lifetime(Duration.ofSeconds(3));
            s.queueing().idleTimeout(Duration.ofMillis(200));
        };
    }

    static OperatorRunner start(TestCluster cluster, Object op, Consumer<OperatorSettings> settings) {
        return OperatorRunner.builder(op).client(cluster.server.client()).settings(settings).start();
    }

    private static List<String> createObjects(TestCluster cluster, String prefix, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = TestCluster.unique(prefix);
            cluster.create(name, "{}");
            names.add(name);
        }
        return names;
    }

    private static void assertHandledOnce(Map<String, Integer> all, List<String> names, Duration within) {
        eventually(within, () -> {
            for (String n : names) {
                assertEquals(1, all.getOrDefault(n, 0), "handler runs of " + n + ": " + all);
            }
        });
    }

    private static List<String> peerIds(TestCluster cluster, String name) {
        List<String> ids = new ArrayList<>();
        Iterator<String> it = cluster.list(PEERING_PATH + name).path("status").fieldNames();
        it.forEachRemaining(ids::add);
        return ids;
    }

    @Test
    void onlyTheHigherPriorityHandlesAndTheLowerTakesOverWhenItStops() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "prio");
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator high = new CountingOperator(all);
            CountingOperator low = new CountingOperator(all);
            OperatorRunner highRunner = start(cluster, high, peering("prio", 100));
            try (OperatorRunner lowRunner = start(cluster, low, peering("prio", 10))) {
                // Both keep-alive records, in Kopf's format.
                eventually(() -> assertEquals(2, peerIds(cluster, "prio").size()));
                JsonNode status = cluster.list(PEERING_PATH + "prio").path("status");
                List<Integer> priorities = new ArrayList<>();
                status.elements().forEachRemaining(r -> {
                    priorities.add(r.path("priority").asInt());
                    assertEquals(3, r.path("lifetime").asInt(), r.toString());
                    OffsetDateTime.parse(r.path("lastseen").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                    assertTrue(r.path("lastseen").asText().endsWith("+00:00"), r.toString());
                });
                priorities.sort(null);
                assertEquals(List.of(10, 100), priorities);

                List<String> first = createObjects(cluster, "high", 5);
                assertHandledOnce(all, first, Duration.ofSeconds(10));
                Thread.sleep(500);
                assertEquals(5, high.mine.size());
                assertEquals(List.of(), low.mine, "the lower priority is paused");

                highRunner.close();
                long stopped = System.nanoTime();
                List<String> second = createObjects(cluster, "low", 5);
                assertHandledOnce(all, second, Duration.ofSeconds(3 + 5));
                Duration handover = Duration.ofNanos(System.nanoTime() - stopped);
                assertTrue(handover.compareTo(Duration.ofSeconds(3 + 2)) < 0, "handover took " + handover);
                assertEquals(new java.util.HashSet<>(second), new java.util.HashSet<>(low.mine),
                        "the lower priority took over");
                assertEquals(1, peerIds(cluster, "prio").size(), "the stopped one removed its record");
                Thread.sleep(500);
                for (String n : first) {
                    assertEquals(1, all.get(n), "no object handled by both: " + all);
                }
                assertEquals(List.of(), lowRunner.errors());
            } finally {
                highRunner.close();
            }
            eventually(() -> assertEquals(List.of(), peerIds(cluster, "prio")));
        }
    }

    @Test
    void equalPrioritiesAllPauseUntilTheOtherIsGone() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "equal");
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator a = new CountingOperator(all);
            CountingOperator b = new CountingOperator(all);
            try (OperatorRunner ra = start(cluster, a, peering("equal", 5))) {
                OperatorRunner rb = start(cluster, b, peering("equal", 5));
                try {
                    Thread.sleep(1000); // a sees b within its poll interval (0.3 s)
                    List<String> names = createObjects(cluster, "nobody", 3);
                    Thread.sleep(1500);
                    assertEquals(Map.of(), all, "both operators are paused");
                    rb.close();
                    assertHandledOnce(all, names, Duration.ofSeconds(5));
                    assertEquals(new java.util.HashSet<>(names), new java.util.HashSet<>(a.mine));
                    assertEquals(List.of(), b.mine);
                } finally {
                    rb.close();
                }
            }
        }
    }

    @Test
    void aStalePeerOfHigherPriorityIsIgnoredOnceExpiredAndCleanedUp() {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "stale");
            String now = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC)
                    .format(java.time.Instant.now());
            cluster.send("PATCH", PEERING_PATH + "stale", TestCluster.json("{\"status\":{\"ghost@elsewhere\":"
                    + "{\"priority\":1000,\"lifetime\":2,\"lastseen\":\"" + now + "\"}}}"), 200,
                    "application/merge-patch+json");
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator op = new CountingOperator(all);
            long t0 = System.nanoTime();
            try (OperatorRunner runner = start(cluster, op, peering("stale", 0))) {
                List<String> names = createObjects(cluster, "later", 2);
                assertHandledOnce(all, names, Duration.ofSeconds(8));
                assertTrue(Duration.ofNanos(System.nanoTime() - t0).toMillis() >= 1000, "paused while the ghost lived");
                eventually(() -> assertFalse(peerIds(cluster, "stale").contains("ghost@elsewhere"),
                        "the dead peer is removed"));
            }
        }
    }

    @Test
    void freezeFromTheCommandLinePausesAndResumeUnpauses(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "frozen");
            Path kubeconfig = dir.resolve("kubeconfig");
            cluster.server.writeKubeconfig(kubeconfig);
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator op = new CountingOperator(all);
            try (OperatorRunner runner = start(cluster, op, peering("frozen", 0))) {
                List<String> before = createObjects(cluster, "unfrozen", 1);
                assertHandledOnce(all, before, Duration.ofSeconds(5));

                assertEquals(0, Kopf.run(new String[]{"freeze", "-A", "-P", "frozen", "-t", "60", "-i",
                        "admin@desk", "--kubeconfig", kubeconfig.toString()}));
                JsonNode record = cluster.list(PEERING_PATH + "frozen").path("status").path("admin@desk");
                assertEquals(100, record.path("priority").asInt(), record.toString());
                assertEquals(60, record.path("lifetime").asInt(), record.toString());
                Thread.sleep(1000); // the operator sees it within its poll interval (0.3 s)
                List<String> during = createObjects(cluster, "frozen", 2);
                Thread.sleep(1500);
                for (String n : during) {
                    assertFalse(all.containsKey(n), "frozen: " + all);
                }

                assertEquals(0, Kopf.run(new String[]{"resume", "-A", "-P", "frozen", "-i", "admin@desk",
                        "--kubeconfig", kubeconfig.toString()}));
                assertFalse(peerIds(cluster, "frozen").contains("admin@desk"));
                assertHandledOnce(all, during, Duration.ofSeconds(5));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void freezeFailsWithoutThePeeringObject(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            Path kubeconfig = dir.resolve("kubeconfig");
            cluster.server.writeKubeconfig(kubeconfig);
            assertEquals(1, Kopf.run(new String[]{"freeze", "-A", "-P", "absent", "-t", "60",
                    "--kubeconfig", kubeconfig.toString()}));
            assertTrue(Files.exists(kubeconfig));
        }
    }

    @Test
    void withoutTheCrdTheOperatorRunsStandaloneUnlessPeeringIsMandatory() {
        try (TestCluster cluster = new TestCluster()) {
            Map<String, Integer> all = new ConcurrentHashMap<>();
            Operator mandatory = Kopf.operator(new CountingOperator(all)).client(cluster.server.client())
                    .settings(s -> s.peering().mandatory(true));
            IllegalStateException e = assertThrows(IllegalStateException.class, mandatory::start);
            assertTrue(e.getMessage().contains("ClusterKopfPeering"), e.getMessage());
            mandatory.close();

            try (OperatorRunner runner = start(cluster, new CountingOperator(all), s -> { })) {
                List<String> names = createObjects(cluster, "alone", 1);
                assertHandledOnce(all, names, Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void namespacedOperatorsPeerInTheirNamespacesKopfPeering() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "unused");
            cluster.send("POST", "/apis/kopf.dev/v1/namespaces/default/kopfpeerings", TestCluster.json(
                    "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfPeering\",\"metadata\":{\"name\":\"ns\"}}"), 201);
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator high = new CountingOperator(all);
            CountingOperator low = new CountingOperator(all);
            try (OperatorRunner h = OperatorRunner.builder(high).client(cluster.server.client()).namespaces("default")
                    .settings(peering("ns", 2)).start();
                 OperatorRunner l = OperatorRunner.builder(low).client(cluster.server.client()).namespaces("default")
                         .settings(peering("ns", 1)).start()) {
                JsonNode status = cluster.list("/apis/kopf.dev/v1/namespaces/default/kopfpeerings/ns").path("status");
                assertEquals(2, status.size(), status.toString());
                List<String> names = createObjects(cluster, "namespaced", 3);
                assertHandledOnce(all, names, Duration.ofSeconds(10));
                Thread.sleep(300);
                assertEquals(List.of(), low.mine);
                assertEquals(List.of(), peerIds(cluster, "unused"), "the cluster-wide peering is not used");
            }
        }
    }

    @Test
    void aNamespaceThatAppearsMatchingThePatternsIsPeeredBeforeItsObjectsAreHandled() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "unused");
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator op = new CountingOperator(all);
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .namespaces("team-*").settings(peering("glob", 1)).start()) {
                // The namespace appears with its peering object, where a live peer of higher priority is announced.
                cluster.namespace("team-x");
                String lastseen = OffsetDateTime.now(ZoneOffset.UTC).format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx"));
                String peering = "/apis/kopf.dev/v1/namespaces/team-x/kopfpeerings";
                cluster.send("POST", peering, TestCluster.json("{\"apiVersion\":\"kopf.dev/v1\",\"kind\":"
                        + "\"KopfPeering\",\"metadata\":{\"name\":\"glob\"},\"status\":{\"boss@elsewhere\":"
                        + "{\"priority\":5,\"lifetime\":60,\"lastseen\":\"" + lastseen + "\"}}}"), 201);
                String name = TestCluster.unique("glob");
                cluster.create("team-x", name, "{}", "{}");
                eventually(Duration.ofSeconds(10), () -> assertEquals(2,
                        cluster.list(peering + "/glob").path("status").size(), "this operator announced itself"));
                Thread.sleep(1000);
                assertEquals(List.of(), op.mine, "paused for the peer of higher priority in the new namespace");

                // The peer leaves: the operator resumes and handles the object once.
                cluster.send("PATCH", peering + "/glob", TestCluster.json(
                        "{\"status\":{\"boss@elsewhere\":null}}"), 200, "application/merge-patch+json");
                assertHandledOnce(all, List.of(name), Duration.ofSeconds(10));
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void freezeInANamespaceWritesTheNamespacedPeering(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            installPeering(cluster, "unused");
            cluster.send("POST", "/apis/kopf.dev/v1/namespaces/default/kopfpeerings", TestCluster.json(
                    "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfPeering\",\"metadata\":{\"name\":\"nsf\"}}"), 201);
            Path kubeconfig = dir.resolve("kubeconfig");
            cluster.server.writeKubeconfig(kubeconfig);
            assertEquals(0, Kopf.run(new String[]{"freeze", "-n", "default", "-P", "nsf", "-t", "30", "--dev", "-i",
                    "dev@laptop", "--kubeconfig", kubeconfig.toString()}));
            String path = "/apis/kopf.dev/v1/namespaces/default/kopfpeerings/nsf";
            assertEquals(666, cluster.list(path).path("status").path("dev@laptop").path("priority").asInt());
            assertEquals(0, Kopf.run(new String[]{"resume", "-n", "default", "-P", "nsf", "-i", "dev@laptop",
                    "--kubeconfig", kubeconfig.toString()}));
            assertFalse(cluster.list(path).path("status").has("dev@laptop"));
        }
    }
}
