package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.StopReason;
import io.kopf4j.Stopper;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.kopf4j.e2e.TestCluster.FINALIZER;
import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Daemons ({@code @On.Daemon}), end to end. */
class DaemonsE2ETest {



    /** Runs until stopped, records why, and takes 500 ms to clean up. */
    static class MonitoringOperator {
        final Map<String, List<String>> starts = new ConcurrentHashMap<>();
        final Map<String, List<StopReason>> reasons = new ConcurrentHashMap<>();
        final Map<String, AtomicBoolean> exited = new ConcurrentHashMap<>();

        @On.Daemon(value = "kopfexamples", labels = "run=yes", cancellationBackoff = 5)
        void monitor(Meta meta, Stopper stopper, Patch patch) throws InterruptedException {
            String name = meta.name();
            starts.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(Thread.currentThread().getName());
            exited.computeIfAbsent(name, k -> new AtomicBoolean()).set(false);
            patch.status().put("monitored", true);
            while (!stopper.await(Duration.ofMillis(50))) {
                Thread.onSpinWait();
            }
            reasons.computeIfAbsent(name, k -> new CopyOnWriteArrayList<>()).add(stopper.reason().orElseThrow());
            Thread.sleep(500);
            exited.get(name).set(true);
        }
    }

    @Test
    void daemonRunsPerObjectSeesTheDeletionAndTheObjectIsReleasedAfterItExits() {
        MonitoringOperator op = new MonitoringOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String a = TestCluster.unique("daemon-a");
            String b = TestCluster.unique("daemon-b");
            cluster.create("default", a, "{}", "{\"run\":\"yes\"}");
            cluster.create("default", b, "{}", "{\"run\":\"yes\"}");
            eventually(() -> assertEquals(1, op.starts.getOrDefault(a, List.of()).size()));
            eventually(() -> assertEquals(1, op.starts.getOrDefault(b, List.of()).size()));
            assertTrue(TestCluster.finalizers(cluster.get(a)).contains(FINALIZER));
            assertFalse(cluster.get(a).path("status").has("monitored"), "a daemon's patch applies when it exits");

            cluster.delete(a);
            eventually(() -> assertEquals(List.of(StopReason.RESOURCE_DELETED), op.reasons.get(a)));
            assertFalse(op.exited.get(a).get());
            assertNotNull(cluster.find(a), "the object is kept while its daemon exits");
            eventually(() -> assertNull(cluster.find(a), "released once the daemon exited"));
            assertTrue(op.exited.get(a).get());
            TestCluster.sleep(300);
            assertEquals(1, op.starts.get(a).size(), "not restarted");
            assertNull(op.reasons.get(b), "the other object's daemon runs on");
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void filtersMismatchStopsTheDaemonAndAMatchRespawnsIt() {
        MonitoringOperator op = new MonitoringOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("flipping");
            cluster.create("default", name, "{}", "{\"run\":\"yes\"}");
            eventually(() -> assertEquals(1, op.starts.getOrDefault(name, List.of()).size()));
            cluster.mergePatch(name, "{\"metadata\":{\"labels\":{\"run\":\"no\"}}}");
            eventually(() -> assertEquals(List.of(StopReason.FILTERS_MISMATCH), op.reasons.get(name)));
            eventually(() -> assertTrue(op.exited.get(name).get()));
            cluster.mergePatch(name, "{\"metadata\":{\"labels\":{\"run\":\"yes\"}}}");
            eventually(() -> assertEquals(2, op.starts.get(name).size(), "respawned when matching again"));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void operatorExitStopsTheDaemons() {
        MonitoringOperator op = new MonitoringOperator();
        String name = TestCluster.unique("exiting");
        try (TestCluster cluster = new TestCluster()) {
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                cluster.create("default", name, "{}", "{\"run\":\"yes\"}");
                eventually(() -> assertEquals(1, op.starts.getOrDefault(name, List.of()).size()));
            }
            assertEquals(List.of(StopReason.OPERATOR_EXITING), op.reasons.get(name));
            assertTrue(op.exited.get(name).get(), "the operator waited for the daemon to exit");
            assertNotNull(cluster.find(name), "the object stays (with the finalizer) for the next operator");
        }
    }

    /** Fails with an arbitrary error once, then returns. */
    static class FailingOperator {
        final Map<String, List<Long>> starts = new ConcurrentHashMap<>();

        @On.Daemon(value = "kopfexamples", backoff = 1)
        void failing(Meta meta) {
            List<Long> mine = starts.computeIfAbsent(meta.name(), k -> new CopyOnWriteArrayList<>());
            mine.add(System.nanoTime());
            if (mine.size() == 1) {
                throw new IllegalStateException("boom");
            }
        }
    }

    @Test
    void daemonThatThrowsIsRestartedAfterItsBackoffAndOneThatReturnsIsNot() {
        FailingOperator op = new FailingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("failing");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(2, op.starts.getOrDefault(name, List.of()).size()));
            List<Long> starts = op.starts.get(name);
            assertTrue(starts.get(1) - starts.get(0) >= Duration.ofMillis(950).toNanos(), "after the backoff");
            cluster.mergePatch(name, "{\"spec\":{\"changed\":true}}");
            TestCluster.sleep(500);
            assertEquals(2, op.starts.get(name).size(), "a daemon that returned is not restarted");
            cluster.delete(name);
            eventually(() -> assertNull(cluster.find(name)));
        }
    }

    /** Ignores the stopper: sleeps until interrupted; or ignores even interruptions. */
    static class StubbornOperator {
        final List<String> interrupted = new CopyOnWriteArrayList<>();
        final AtomicBoolean release = new AtomicBoolean();

        @On.Daemon(value = "kopfexamples", labels = "kind=sleepy", cancellationBackoff = 0.2)
        void sleepy(Meta meta) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.add(meta.name());
            }
        }

        @On.Daemon(value = "kopfexamples", labels = "kind=deaf", cancellationBackoff = 0.1,
                cancellationTimeout = 0.3, cancellationPolling = 0.1)
        void deaf() {
            while (!release.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    // ignored on purpose
                }
            }
        }
    }

    @Test
    void stoppingDaemonsAreInterruptedAfterTheBackoffAndAbandonedAfterTheTimeout() {
        StubbornOperator op = new StubbornOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String sleepy = TestCluster.unique("sleepy");
            String deaf = TestCluster.unique("deaf");
            cluster.create("default", sleepy, "{}", "{\"kind\":\"sleepy\"}");
            cluster.create("default", deaf, "{}", "{\"kind\":\"deaf\"}");
            eventually(() -> assertTrue(TestCluster.finalizers(cluster.get(sleepy)).contains(FINALIZER)));
            eventually(() -> assertTrue(TestCluster.finalizers(cluster.get(deaf)).contains(FINALIZER)));
            TestCluster.sleep(300);
            cluster.delete(sleepy);
            cluster.delete(deaf);
            eventually(() -> assertNull(cluster.find(sleepy), "released after the interruption"));
            assertEquals(List.of(sleepy), op.interrupted);
            eventually(() -> assertNull(cluster.find(deaf), "released after the abandonment"));
        } finally {
            op.release.set(true);
        }
    }

    /** Starts after a delay computed per object. */
    static class DelayedOperator {
        final Map<String, Long> started = new ConcurrentHashMap<>();

        Duration delay(Meta meta) {
            return Duration.ofMillis(meta.name().startsWith("slow") ? 800 : 0);
        }

        @On.Daemon(value = "kopfexamples", initialDelayMethod = "delay")
        void delayed(Meta meta) {
            started.put(meta.name(), System.nanoTime());
        }
    }

    @Test
    void initialDelayMethodDelaysTheStart() {
        DelayedOperator op = new DelayedOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String fast = TestCluster.unique("fast");
            String slow = TestCluster.unique("slow");
            long created = System.nanoTime();
            cluster.create(fast, "{}");
            cluster.create(slow, "{}");
            eventually(() -> assertNotNull(op.started.get(slow)));
            assertNotNull(op.started.get(fast));
            assertTrue(op.started.get(slow) - created >= Duration.ofMillis(800).toNanos());
            assertTrue(op.started.get(fast) < op.started.get(slow));
        }
    }
}
