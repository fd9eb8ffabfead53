package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.StopReason;
import io.kopf4j.Stopper;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timers and daemons stop while the operator is paused (peering sees a peer of higher or equal priority; leader
 * election lost the Lease) and respawn when it resumes; they also stop when their resource stops being served, and
 * respawn when it is served again. Two operators in one JVM against one embedded server.
 */
class BackgroundPausingE2ETest {
    private static final Duration LONG = Duration.ofSeconds(20);
    private static final String CRD_PATH =
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/kopfexamples.kopf.dev";

    /** A daemon that records its starts and why it stopped, and a fast timer that counts its runs, per object. */
    static class BackgroundOperator {
        final List<String> daemonStarts = new CopyOnWriteArrayList<>();
        final List<StopReason> daemonStops = new CopyOnWriteArrayList<>();
        final AtomicInteger daemonsRunning = new AtomicInteger();
        final Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        /** Shared across operators: the most daemons of one object that ever ran at once. */
        final AtomicInteger sharedRunning;
        final AtomicInteger sharedMax;

        BackgroundOperator() {
            this(new AtomicInteger(), new AtomicInteger());
        }

        BackgroundOperator(AtomicInteger sharedRunning, AtomicInteger sharedMax) {
            this.sharedRunning = sharedRunning;
            this.sharedMax = sharedMax;
        }

        @On.Daemon(value = "kopfexamples", cancellationBackoff = 5)
        void guard(Meta meta, Stopper stopper) throws InterruptedException {
            daemonStarts.add(meta.name());
            daemonsRunning.incrementAndGet();
            sharedMax.accumulateAndGet(sharedRunning.incrementAndGet(), Math::max);
            try {
                while (!stopper.await(Duration.ofMillis(50))) {
                    Thread.onSpinWait();
                }
                daemonStops.add(stopper.reason().orElseThrow());
            } finally {
                sharedRunning.decrementAndGet();
                daemonsRunning.decrementAndGet();
            }
        }

        @On.Timer(value = "kopfexamples", interval = 0.1)
        void tick(Meta meta) {
            ticks.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }

        int ticks(String name) {
            AtomicInteger n = ticks.get(name);
            return n == null ? 0 : n.get();
        }
    }

    /** The counter stays still for a while (the timer does not fire); waits for it to settle first. */
    private static void assertStill(BackgroundOperator op, String name) {
        eventually(LONG, () -> {
            int before = op.ticks(name);
            TestCluster.sleep(700);
            assertEquals(before, op.ticks(name), "the timer of " + name + " does not fire");
        });
    }

    /** The timer fires again (at least twice more). */
    private static void assertTicking(BackgroundOperator op, String name) {
        int before = op.ticks(name);
        eventually(LONG, () -> assertTrue(op.ticks(name) >= before + 2, "the timer of " + name + " fires"));
    }

    @Test
    void aHigherPriorityPeerPausesTheDaemonsAndTimersWhichRespawnWhenItLeaves() {
        try (TestCluster cluster = new TestCluster()) {
            PeeringE2ETest.installPeering(cluster, "bg");
            BackgroundOperator low = new BackgroundOperator();
            BackgroundOperator high = new BackgroundOperator();
            try (OperatorRunner lowRunner = PeeringE2ETest.start(cluster, low, PeeringE2ETest.peering("bg", 10))) {
                String name = TestCluster.unique("guarded");
                cluster.create(name, "{}");
                eventually(LONG, () -> assertEquals(List.of(name), low.daemonStarts));
                assertTicking(low, name);

                String during;
                try (OperatorRunner highRunner = PeeringE2ETest.start(cluster, high,
                        PeeringE2ETest.peering("bg", 100))) {
                    eventually(LONG, () -> assertEquals(List.of(StopReason.OPERATOR_PAUSING), low.daemonStops,
                            "the paused operator's daemon is told why it stops"));
                    eventually(LONG, () -> assertEquals(0, low.daemonsRunning.get(), "it exited"));
                    assertStill(low, name);
                    eventually(LONG, () -> assertEquals(List.of(name), high.daemonStarts, "the peer runs it"));
                    assertTicking(high, name);

                    during = TestCluster.unique("during");
                    cluster.create(during, "{}");
                    eventually(LONG, () -> assertTrue(high.daemonStarts.contains(during)));
                    TestCluster.sleep(500);
                    assertEquals(List.of(name), low.daemonStarts, "nothing spawns while paused");
                    assertEquals(0, low.ticks(during), "no timer fires while paused");
                    assertEquals(List.of(), highRunner.errors());
                }
                assertEquals(List.of(StopReason.OPERATOR_EXITING, StopReason.OPERATOR_EXITING), high.daemonStops);

                eventually(LONG, () -> assertEquals(counted(List.of(name, name, during)), counted(low.daemonStarts),
                        "respawned for both existing objects on resume"));
                assertTicking(low, name);
                assertTicking(low, during);
                assertEquals(List.of(StopReason.OPERATOR_PAUSING), low.daemonStops);
                assertEquals(List.of(), lowRunner.errors());
            }
        }
    }

    @Test
    void equalPrioritiesPauseEveryonesDaemonsUntilThePeerLeaves() {
        try (TestCluster cluster = new TestCluster()) {
            PeeringE2ETest.installPeering(cluster, "bg-equal");
            BackgroundOperator first = new BackgroundOperator();
            BackgroundOperator second = new BackgroundOperator();
            try (OperatorRunner firstRunner = PeeringE2ETest.start(cluster, first,
                    PeeringE2ETest.peering("bg-equal", 5))) {
                String name = TestCluster.unique("equal");
                cluster.create(name, "{}");
                eventually(LONG, () -> assertEquals(List.of(name), first.daemonStarts));
                try (OperatorRunner secondRunner = PeeringE2ETest.start(cluster, second,
                        PeeringE2ETest.peering("bg-equal", 5))) {
                    eventually(LONG, () -> assertEquals(List.of(StopReason.OPERATOR_PAUSING), first.daemonStops));
                    assertStill(first, name);
                    assertEquals(List.of(), second.daemonStarts, "the other one is paused too");
                    assertEquals(0, second.ticks(name));
                    assertEquals(List.of(), secondRunner.errors());
                }
                eventually(LONG, () -> assertEquals(List.of(name, name), first.daemonStarts, "respawned"));
                assertTicking(first, name);
                assertEquals(List.of(), firstRunner.errors());
            }
        }
    }

    @Test
    void aLeaderThatLosesTheLeasePausesItsDaemonsAndTimersAndRespawnsThemWhenLeadingAgain() throws Exception {
        try (TestCluster cluster = new TestCluster()) {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            BackgroundOperator first = new BackgroundOperator(running, most);
            BackgroundOperator second = new BackgroundOperator(running, most);
            OperatorRunner leader = OperatorRunner.builder(first).client(cluster.server.client())
                    .settings(LeaderElectionE2ETest.election("bg-lease")).start();
            try (OperatorRunner follower = OperatorRunner.builder(second).client(cluster.server.client())
                    .settings(LeaderElectionE2ETest.election("bg-lease")).start()) {
                String name = TestCluster.unique("leased");
                cluster.create(name, "{}");
                eventually(LONG, () -> assertEquals(List.of(name), first.daemonStarts, "the leader runs it"));
                assertTicking(first, name);
                assertEquals(List.of(), second.daemonStarts, "the follower does not");

                // Someone else takes the Lease and keeps renewing it: the leader pauses.
                AtomicBoolean stealing = new AtomicBoolean(true);
                Thread thief = new Thread(() -> {
                    while (stealing.get()) {
                        steal(cluster, "bg-lease");
                        TestCluster.sleep(100);
                    }
                }, "lease-thief");
                thief.start();
                try {
                    eventually(LONG, () -> assertEquals(List.of(StopReason.OPERATOR_PAUSING), first.daemonStops,
                            "the former leader's daemon is told why it stops"));
                    eventually(LONG, () -> assertEquals(0, first.daemonsRunning.get()));
                    assertStill(first, name);
                    assertEquals(List.of(), second.daemonStarts, "nobody leads while the thief holds the Lease");
                } finally {
                    stealing.set(false);
                    thief.join();
                }
                // The thief stops renewing; one of the replicas takes the Lease when it expires.
                eventually(LONG, () -> assertEquals(1, first.daemonsRunning.get() + second.daemonsRunning.get(),
                        "the new leader respawns the daemon"));
                if (second.daemonsRunning.get() == 1) {
                    follower.close();
                    assertEquals(List.of(StopReason.OPERATOR_EXITING), second.daemonStops);
                }
                eventually(LONG, () -> assertEquals(List.of(name, name), first.daemonStarts,
                        "the first replica respawned it once leading again"));
                assertTicking(first, name);
                assertEquals(1, most.get(), "never did two replicas run the daemon at once");
                assertEquals(List.of(), leader.errors());
            } finally {
                leader.close();
            }
        }
    }

    /** Takes the Lease over for "thief" with a fresh renew time (a conflict with a renewal is retried later). */
    private static void steal(TestCluster cluster, String lease) {
        String path = "/apis/coordination.k8s.io/v1/namespaces/default/leases/" + lease;
        ObjectNode body = (ObjectNode) cluster.list(path);
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        body.with("spec").put("holderIdentity", "thief").put("renewTime", stamp);
        try {
            cluster.send("PUT", path, body, 200);
        } catch (AssertionError conflict) {
            // the leader renewed in between (409): steal it again at the next round
        }
    }

    @Test
    void anUnservedResourceStopsItsDaemonsTimersAndWatchAndTheyResumeWhenItIsServedAgain() {
        BackgroundOperator op = new BackgroundOperator();
        try (CapturedLog log = new CapturedLog();
             TestCluster cluster = noticingClosedWatches();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("served");
            cluster.create(name, "{}");
            eventually(LONG, () -> assertEquals(List.of(name), op.daemonStarts));
            assertTicking(op, name);
            assertTrue(watched(cluster.server));

            served(cluster, false);
            eventually(LONG, () -> assertEquals(List.of(StopReason.RESOURCE_UNSERVED), op.daemonStops,
                    "the daemon is told that its resource is not served any more"));
            eventually(LONG, () -> assertEquals(0, op.daemonsRunning.get()));
            assertStill(op, name);
            eventually(LONG, () -> assertFalse(watched(cluster.server), "the watch is closed"));
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("kopfexamples")
                    && l.contains("is no longer served")), "the operator says why");

            served(cluster, true);   // the object stayed in storage meanwhile (unreachable while not served)
            eventually(LONG, () -> assertEquals(List.of(name, name), op.daemonStarts,
                    "respawned for the object that exists"));
            assertTicking(op, name);
            assertTrue(watched(cluster.server), "watched again");
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void aDeletedCrdStopsTheDaemonsAndARecreatedOneServesItsNewObjects() {
        BackgroundOperator op = new BackgroundOperator();
        try (TestCluster cluster = noticingClosedWatches();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("doomed");
            cluster.create(name, "{}");
            eventually(LONG, () -> assertEquals(List.of(name), op.daemonStarts));

            JsonNode crd = cluster.list(CRD_PATH);
            cluster.send("DELETE", CRD_PATH, null, 200);
            eventually(LONG, () -> assertEquals(1, op.daemonStops.size(), "the daemon stopped"));
            assertTrue(List.of(StopReason.RESOURCE_DELETED, StopReason.RESOURCE_UNSERVED)
                    .contains(op.daemonStops.get(0)), "why: " + op.daemonStops);
            eventually(LONG, () -> cluster.send("GET", CRD_PATH, null, 404));   // the CRD is gone
            eventually(LONG, () -> assertFalse(watched(cluster.server), "the watch is closed"));
            assertStill(op, name);

            ObjectNode again = (ObjectNode) crd.deepCopy();
            again.remove("status");
            ObjectNode meta = (ObjectNode) again.path("metadata");
            meta.retain("name");
            cluster.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", again, 201);
            String reborn = TestCluster.unique("reborn");
            eventually(LONG, () -> cluster.create(reborn, "{}"));
            eventually(LONG, () -> assertEquals(List.of(name, reborn), op.daemonStarts, "served again"));
            assertTicking(op, reborn);
            assertEquals(List.of(), runner.errors());
        }
    }

    /** A cluster whose server notices closed watch streams soon (it writes a bookmark every 200 ms). */
    private static TestCluster noticingClosedWatches() {
        return new TestCluster(EmbeddedApiServer.builder().bookmarkInterval(Duration.ofMillis(200)).build().start());
    }

    /** Sets {@code served} of the KopfExample CRD's only version. */
    private static void served(TestCluster cluster, boolean served) {
        ObjectNode crd = (ObjectNode) cluster.list(CRD_PATH);
        ((ObjectNode) crd.path("spec").path("versions").get(0)).put("served", served);
        cluster.send("PUT", CRD_PATH, crd, 200);
    }

    private static boolean watched(EmbeddedApiServer server) {
        return server.openWatches().stream().anyMatch(w -> w.resource().equals("kopf.dev/kopfexamples"));
    }

    /** How often each name occurs, so that the order of respawns across objects does not matter. */
    private static Map<String, Integer> counted(List<String> names) {
        Map<String, Integer> out = new TreeMap<>();
        names.forEach(n -> out.merge(n, 1, Integer::sum));
        return out;
    }
}
