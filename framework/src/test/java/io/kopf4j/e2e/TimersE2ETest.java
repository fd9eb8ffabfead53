package io.kopf4j.e2e;

import io.kopf4j.Body;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Retry;
import io.kopf4j.StopReason;
import io.kopf4j.Stopper;
import io.kopf4j.TemporaryError;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.FINALIZER;
import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers ({@code @On.Timer}), end to end. */
class TimersE2ETest {

    /** Every run's time (nanoTime) per object name. */
    static class TickingOperator {
        final Map<String, List<Long>> runs = new ConcurrentHashMap<>();
        final List<StopReason> reasons = new CopyOnWriteArrayList<>();

        @On.Timer(value = "kopfexamples", interval = 0.2)
        void tick(Meta meta, Patch patch, Stopper stopper) {
            List<Long> mine = runs.computeIfAbsent(meta.name(), k -> new CopyOnWriteArrayList<>());
            mine.add(System.nanoTime());
            patch.status().put("ticks", mine.size());
            stopper.reason().ifPresent(reasons::add);
        }
    }



    @Test
    void timerFiresRepeatedlyWithItsIntervalAndPatchesTheStatus() {
        TickingOperator op = new TickingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("ticking");
            cluster.create(name, "{}");
            eventually(() -> assertTrue(TestCluster.finalizers(cluster.get(name)).contains(FINALIZER), "the finalizer is on"));
            eventually(() -> assertTrue(cluster.get(name).path("status").path("ticks").asInt() >= 4,
                    "the timer ran several times and wrote the status"));
            List<Long> times = op.runs.get(name);
            for (int i = 1; i < times.size(); i++) {
                long gap = times.get(i) - times.get(i - 1);
                assertTrue(gap >= Duration.ofMillis(190).toNanos(), "runs are an interval apart: " + gap);
            }
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void timerStopsWhenItsObjectIsDeletedAndTheObjectIsReleased() {
        TickingOperator op = new TickingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("doomed");
            cluster.create(name, "{}");
            eventually(() -> assertTrue(op.runs.getOrDefault(name, List.of()).size() >= 2, "the timer runs"));
            cluster.delete(name);
            eventually(() -> assertNull(cluster.find(name), "the object is released and gone"));
            int count = op.runs.get(name).size();
            TestCluster.sleep(600);
            assertEquals(count, op.runs.get(name).size(), "no runs after the deletion");
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void timerStopsOnOperatorExit() {
        TickingOperator op = new TickingOperator();
        String name = TestCluster.unique("exiting");
        try (TestCluster cluster = new TestCluster()) {
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                cluster.create(name, "{}");
                eventually(() -> assertTrue(op.runs.getOrDefault(name, List.of()).size() >= 2, "the timer runs"));
            }
            int count = op.runs.get(name).size();
            TestCluster.sleep(600);
            assertEquals(count, op.runs.get(name).size(), "no runs after the operator exited");
        }
    }

    /** Runs only after the object has not changed for 2 s. */
    static class IdleOperator {
        final List<Long> runs = new CopyOnWriteArrayList<>();

        @On.Timer(value = "kopfexamples", interval = 0.2, idle = 2.0)
        void idle(Patch patch) {
            runs.add(System.nanoTime());
            patch.status().put("idleRuns", runs.size());
        }
    }

    @Test
    void idleDelaysTheTimerWhileTheObjectChanges() {
        IdleOperator op = new IdleOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("busy");
            cluster.create(name, "{\"n\":0}");
            eventually(() -> assertTrue(TestCluster.finalizers(cluster.get(name)).contains(FINALIZER), "the finalizer is on"));
            long until = System.nanoTime() + Duration.ofMillis(3000).toNanos();
            int n = 0;
            long lastChange = 0;
            while (System.nanoTime() < until) {
                // Taken before the request: the server commits the change after it is sent, so the operator sees it
                // after this instant however slow the response is on a loaded machine.
                lastChange = System.nanoTime();
                cluster.mergePatch(name, "{\"spec\":{\"n\":" + (++n) + "}}");
                TestCluster.sleep(100);
            }
            assertEquals(List.of(), op.runs, "no runs while the object keeps changing");
            eventually(Duration.ofSeconds(6), () -> assertTrue(op.runs.size() >= 3, "runs once the object is idle"));
            long waited = op.runs.get(0) - lastChange;
            assertTrue(waited >= Duration.ofMillis(1500).toNanos(), "the first run waits for the idle time: " + waited);
            assertEquals(List.of(), runner.errors());
        }
    }

    /** Fails temporarily twice per object, then succeeds. */
    static class FlakyOperator {
        final Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();

        @On.Timer(value = "kopfexamples", interval = 60)
        void flaky(Body body, Retry retry, Patch patch) {
            attempts.computeIfAbsent(body.metadata().name(), k -> new CopyOnWriteArrayList<>()).add(retry.attempt());
            if (retry.attempt() < 2) {
                throw new TemporaryError("not yet", Duration.ofMillis(100));
            }
            patch.status().put("flaky", "done");
        }
    }

    @Test
    void timerErrorsAreRetriedLikeHandlerErrors() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("flaky");
            cluster.create(name, "{}");
            eventually(() -> assertEquals("done", cluster.get(name).path("status").path("flaky").asText()));
            assertEquals(List.of(0, 1, 2), op.attempts.get(name), "retried with the retry count, then the interval");
        }
    }

    /** Only for objects labelled {@code tick=yes}, after an initial delay. */
    static class FilteredOperator {
        final Map<String, List<Long>> runs = new ConcurrentHashMap<>();

        @On.Timer(value = "kopfexamples", interval = 0.1, initialDelay = 0.5, labels = "tick=yes")
        void filtered(Meta meta) {
            runs.computeIfAbsent(meta.name(), k -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        }
    }

    @Test
    void timerRunsOnlyForMatchingObjectsAfterItsInitialDelay() {
        FilteredOperator op = new FilteredOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String yes = TestCluster.unique("yes");
            String no = TestCluster.unique("no");
            long created = System.nanoTime();
            cluster.create("default", yes, "{}", "{\"tick\":\"yes\"}");
            cluster.create("default", no, "{}", "{\"tick\":\"no\"}");
            eventually(() -> assertTrue(op.runs.getOrDefault(yes, List.of()).size() >= 2));
            assertTrue(op.runs.get(yes).get(0) - created >= Duration.ofMillis(500).toNanos(), "the initial delay");
            assertNull(op.runs.get(no));
            assertTrue(TestCluster.finalizers(cluster.get(no)).isEmpty(), "no finalizer on objects no timer is for");
        }
    }

    /** Takes 300 ms per run; sharp or not. */
    static class SlowOperator {
        final List<Long> sharp = new CopyOnWriteArrayList<>();
        final List<Long> lax = new CopyOnWriteArrayList<>();

        @On.Timer(value = "kopfexamples", interval = 0.5, sharp = true)
        void sharpTick() throws InterruptedException {
            sharp.add(System.nanoTime());
            Thread.sleep(300);
        }

        @On.Timer(value = "kopfexamples", interval = 0.5)
        void laxTick() throws InterruptedException {
            lax.add(System.nanoTime());
            Thread.sleep(300);
        }
    }

    @Test
    void sharpTimersKeepToTheScheduleOthersCountFromTheEndOfTheRun() {
        SlowOperator op = new SlowOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            cluster.create(TestCluster.unique("slow"), "{}");
            eventually(() -> assertTrue(op.sharp.size() >= 5 && op.lax.size() >= 4));
            long sharpGap = (op.sharp.get(4) - op.sharp.get(1)) / 3;
            long laxGap = (op.lax.get(3) - op.lax.get(1)) / 2;
            assertTrue(sharpGap < Duration.ofMillis(700).toNanos(), "sharp: every interval: " + sharpGap);
            assertTrue(laxGap >= Duration.ofMillis(790).toNanos(), "lax: interval after the run: " + laxGap);
        }
    }
}
