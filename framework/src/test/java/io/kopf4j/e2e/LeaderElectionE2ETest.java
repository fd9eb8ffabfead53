package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lease-based leader election (beyond Kopf): of several replicas exactly one handles objects, and they hand over. */
class LeaderElectionE2ETest {

    /** Counts the create-handler runs per object, across all replicas (shared map), and per replica. */
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

    static Consumer<OperatorSettings> election(String lease) {
        return s -> {
            s.leaderElection().enabled(true).leaseName(lease).leaseDuration(Duration.ofSeconds(2))
                    .renewDeadline(Duration.ofMillis(1500)).retryPeriod(Duration.ofMillis(100));
            s.queueing().idleTimeout(Duration.ofMillis(200)); // see PeeringE2ETest#peering
        };
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

    private static void assertHandledOnce(Map<String, Integer> all, List<String> names) {
        eventually(Duration.ofSeconds(15), () -> {
            for (String n : names) {
                assertEquals(1, all.getOrDefault(n, 0), "handler runs of " + n + ": " + all);
            }
        });
    }

    @Test
    void exactlyOneReplicaHandlesAndTheOtherTakesOverWhenTheLeaderStops() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator first = new CountingOperator(all);
            CountingOperator second = new CountingOperator(all);
            OperatorRunner leader = OperatorRunner.builder(first).client(cluster.server.client())
                    .settings(election("replicas")).start();
            try (OperatorRunner follower = OperatorRunner.builder(second).client(cluster.server.client())
                    .settings(election("replicas")).start()) {
                JsonNode lease = cluster.list("/apis/coordination.k8s.io/v1/namespaces/default/leases/replicas");
                String holder = lease.path("spec").path("holderIdentity").asText();
                assertTrue(!holder.isEmpty(), "the lease is held: " + lease);

                List<String> before = createObjects(cluster, "led", 5);
                assertHandledOnce(all, before);
                Thread.sleep(300);
                assertEquals(before, sorted(first.mine, before), "the leader handled them all");
                assertEquals(List.of(), second.mine, "the follower handled none");

                leader.close();
                JsonNode released = cluster.list("/apis/coordination.k8s.io/v1/namespaces/default/leases/replicas");
                List<String> after = createObjects(cluster, "handed", 5);
                assertHandledOnce(all, after);
                assertEquals(after, sorted(second.mine, after), "the new leader handled the new ones");
                JsonNode taken = cluster.list("/apis/coordination.k8s.io/v1/namespaces/default/leases/replicas");
                assertTrue(!taken.path("spec").path("holderIdentity").asText().equals(holder),
                        "the lease changed hands: " + released + " -> " + taken);
                Thread.sleep(300);
                for (String n : before) {
                    assertEquals(1, all.get(n), "no object handled twice: " + all);
                }
                assertEquals(List.of(), follower.errors());
            } finally {
                leader.close();
            }
        }
    }

    @Test
    void aStaleLeaseOfADeadHolderIsTakenOverOnceItExpires() {
        try (TestCluster cluster = new TestCluster()) {
            String now = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(Instant.now().truncatedTo(ChronoUnit.MICROS));
            cluster.send("POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", TestCluster.json(
                    "{\"apiVersion\":\"coordination.k8s.io/v1\",\"kind\":\"Lease\",\"metadata\":{\"name\":\"ghostly\"},"
                            + "\"spec\":{\"holderIdentity\":\"ghost\",\"leaseDurationSeconds\":2,\"acquireTime\":\""
                            + now + "\",\"renewTime\":\"" + now + "\",\"leaseTransitions\":0}}"), 201);
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator op = new CountingOperator(all);
            long started = System.nanoTime();
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .settings(election("ghostly")).start()) {
                List<String> names = createObjects(cluster, "waiting", 2);
                assertHandledOnce(all, names);
                long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
                assertTrue(waited >= 1000, "nothing was handled while the ghost's lease was valid: " + waited + " ms");
                JsonNode lease = cluster.list("/apis/coordination.k8s.io/v1/namespaces/default/leases/ghostly");
                assertEquals(1, lease.path("spec").path("leaseTransitions").asInt(), lease.toString());
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void aLeaderWhoseLeaseIsTakenStopsHandlingAfterTheRenewDeadline() throws InterruptedException {
        try (TestCluster cluster = new TestCluster()) {
            Map<String, Integer> all = new ConcurrentHashMap<>();
            CountingOperator op = new CountingOperator(all);
            try (OperatorRunner runner = OperatorRunner.builder(op).client(cluster.server.client())
                    .settings(election("stolen")).start()) {
                List<String> led = createObjects(cluster, "led", 1);
                assertHandledOnce(all, led);
                // Someone else takes the Lease over (e.g. after a network partition), and keeps renewing it until told
                // to stop, so the former leader cannot take it back while the test looks.
                String path = "/apis/coordination.k8s.io/v1/namespaces/default/leases/stolen";
                java.util.concurrent.atomic.AtomicBoolean thieving = new java.util.concurrent.atomic.AtomicBoolean(true);
                java.util.concurrent.atomic.AtomicInteger steals = new java.util.concurrent.atomic.AtomicInteger();
                Thread thief = new Thread(() -> {
                    while (thieving.get()) {
                        com.fasterxml.jackson.databind.node.ObjectNode lease =
                                (com.fasterxml.jackson.databind.node.ObjectNode) cluster.list(path);
                        String stamp = java.time.format.DateTimeFormatter
                                .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC)
                                .format(Instant.now());
                        lease.with("spec").put("holderIdentity", "thief").put("renewTime", stamp);
                        try {
                            cluster.send("PUT", path, lease, 200);
                            steals.incrementAndGet();
                        } catch (AssertionError conflict) {
                            continue; // the leader renewed in between (409): steal it again
                        }
                        TestCluster.sleep(50);
                    }
                }, "lease-thief");
                thief.start();
                try {
                    eventually(() -> assertTrue(steals.get() > 0, "the Lease is stolen"));
                    // Well past the renew deadline (1.5 s) since the theft: the former leader is paused.
                    Thread.sleep(3000);
                    List<String> after = createObjects(cluster, "unled", 2);
                    Thread.sleep(1000);
                    for (String n : after) {
                        assertTrue(!all.containsKey(n), "handled without the Lease: " + all);
                    }
                    assertEquals("thief", cluster.list(path).path("spec").path("holderIdentity").asText());
                    // The thief stops renewing: the Lease expires (2 s) and the operator takes it back.
                    thieving.set(false);
                    thief.join();
                    assertHandledOnce(all, after);
                } finally {
                    thieving.set(false);
                    thief.join();
                }
            }
        }
    }

    private static List<String> sorted(List<String> handled, List<String> expected) {
        List<String> only = new ArrayList<>();
        for (String n : expected) {
            if (handled.contains(n)) {
                only.add(n);
            }
        }
        return only;
    }
}
