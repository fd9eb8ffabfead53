package io.kopf4j.internal.watching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.util.ThreadPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static io.kopf4j.support.Eventually.continually;
import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-object queueing with a fake processor and no server. */
class ObjectQueuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ResourceKind KIND = new ResourceKind("kopf.dev", "v1", "kopfexamples", null, "KopfExample",
            null, null, true, null, null, true);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Recorder recorder = new Recorder();
    private ObjectQueues queues;

    @AfterEach
    void stopQueues() {
        recorder.releaseAll();
        if (queues != null) {
            queues.stop(Duration.ofSeconds(2));
        }
    }

    private ObjectQueues queues(int workerLimit, Duration idleTimeout) {
        queues = new ObjectQueues(recorder, new ObjectQueues.Config(workerLimit, idleTimeout), ThreadPlatform.detect());
        return queues;
    }

    private static WatchEvent event(String uid, int rv) {
        return event(WatchEvent.MODIFIED, uid, rv);
    }

    private static WatchEvent event(String type, String uid, int rv) {
        JsonNode body = JSON.createObjectNode().set("metadata", JSON.createObjectNode()
                .put("uid", uid).put("name", "obj-" + uid).put("namespace", "ns").put("resourceVersion", "" + rv));
        return WatchEvent.of(type, body);
    }

    private static String key(String uid) {
        return KIND.key() + ":" + uid;
    }

    @Test
    void anObjectIsProcessedByOneWorkerAtATime() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        recorder.behaviour = (ev, ctx) -> Thread.yield();
        for (int rv = 1; rv <= 300; rv++) {
            q.onEvent(KIND, event("a", rv));
            q.onEvent(KIND, event("b", rv));
        }
        eventually(WAIT, () -> assertEquals("300", recorder.lastVersion("a")));
        eventually(WAIT, () -> assertEquals("300", recorder.lastVersion("b")));
        assertEquals(1, recorder.maxConcurrency(key("a")));
        assertEquals(1, recorder.maxConcurrency(key("b")));
    }

    @Test
    void differentObjectsAreProcessedInParallel() throws Exception {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        CountDownLatch allInside = new CountDownLatch(3);
        recorder.behaviour = (ev, ctx) -> {
            allInside.countDown();
            await(allInside);
        };
        q.onEvent(KIND, event("a", 1));
        q.onEvent(KIND, event("b", 2));
        q.onEvent(KIND, event("c", 3));
        assertTrue(allInside.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "three objects at once");
        eventually(WAIT, () -> assertEquals(3, recorder.calls().size()));
    }

    @Test
    void eventsArrivingWhileTheWorkerIsBusyAreCoalescedToTheNewest() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        CountDownLatch gate = recorder.gate();
        q.onEvent(KIND, event(WatchEvent.ADDED, "a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        for (int rv = 2; rv <= 6; rv++) {
            q.onEvent(KIND, event("a", rv));
        }
        gate.countDown();
        eventually(WAIT, () -> assertEquals(2, recorder.calls().size()));
        continually(Duration.ofMillis(100), () -> assertEquals(2, recorder.calls().size()));
        Call second = recorder.calls().get(1);
        assertEquals("6", second.latest().resourceVersion());
        assertEquals(List.of("2", "3", "4", "5"), second.superseded().stream()
                .map(WatchEvent::resourceVersion).collect(Collectors.toList()));
        assertEquals(List.of(), recorder.calls().get(0).superseded());
    }

    @Test
    void aWorkerExitsAfterTheIdleTimeoutAndANewOneStartsForTheNextEvent() {
        ObjectQueues q = queues(0, Duration.ofMillis(150));
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.calls().size()));
        eventually(WAIT, () -> assertEquals(0, q.runningWorkers()));
        assertEquals(0, q.queuedObjects());
        assertEquals(1, q.startedWorkers());
        q.onEvent(KIND, event("a", 2));
        eventually(WAIT, () -> assertEquals(2, recorder.calls().size()));
        assertEquals(2, q.startedWorkers(), "a new worker after the idle exit");
    }

    @Test
    void aWorkerStaysWhileEventsKeepComingWithinTheIdleTimeout() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        for (int rv = 1; rv <= 5; rv++) {
            q.onEvent(KIND, event("a", rv));
            int expected = rv;
            eventually(WAIT, () -> assertEquals(String.valueOf(expected), recorder.lastVersion("a")));
        }
        assertEquals(1, q.startedWorkers());
    }

    @Test
    void theWorkerLimitBoundsHowManyObjectsAreProcessedAtOnce() {
        ObjectQueues q = queues(2, Duration.ofSeconds(5));
        CountDownLatch gate = recorder.gate();
        for (String uid : List.of("a", "b", "c", "d", "e")) {
            q.onEvent(KIND, event(uid, 1));
        }
        eventually(WAIT, () -> assertEquals(2, recorder.inside()));
        assertEquals(2, q.runningWorkers());
        assertEquals(3, q.waitingObjects());
        continually(Duration.ofMillis(100), () -> assertEquals(2, recorder.inside()));
        gate.countDown();
        eventually(WAIT, () -> assertEquals(5, recorder.calls().size()));
        assertEquals(2, recorder.maxInside());
    }

    @Test
    void anIdleWorkerGivesItsSlotToAWaitingObject() {
        ObjectQueues q = queues(1, Duration.ofSeconds(30));
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.calls().size()));
        q.onEvent(KIND, event("b", 2));
        eventually(Duration.ofSeconds(2), () -> assertEquals("2", recorder.lastVersion("b")));
    }

    @Test
    void onABoundedPlatformPoolIdleWorkersDoNotStarveTheOtherObjects() {
        // Two pool threads, a long idle timeout, no configured limit: every object is processed promptly, as idle
        // workers give their threads away instead of idling in them while the other objects wait.
        queues = new ObjectQueues(recorder, new ObjectQueues.Config(0, Duration.ofSeconds(30)),
                ThreadPlatform.platformThreads(2));
        for (int i = 0; i < 10; i++) {
            queues.onEvent(KIND, event("o" + i, i + 1));
        }
        eventually(WAIT, () -> assertEquals(10, recorder.calls().size()));
        assertTrue(queues.runningWorkers() <= 2, "workers: " + queues.runningWorkers());
    }

    @Test
    void theEffectiveLimitIsTheConfiguredOneBoundedByAPlatformPool() {
        assertEquals(6, ObjectQueues.effectiveLimit(0, ThreadPlatform.platformThreads(6)));
        assertEquals(4, ObjectQueues.effectiveLimit(4, ThreadPlatform.platformThreads(6)));
        assertEquals(6, ObjectQueues.effectiveLimit(10, ThreadPlatform.platformThreads(6)));
    }

    @Test
    void onVirtualThreadsTheLimitIsTheConfiguredOneElseTwoHundred() {
        ThreadPlatform platform = ThreadPlatform.detect(6);
        assumeTrue(platform.virtualThreads(), "virtual threads need JDK 21+");
        assertEquals(200, ObjectQueues.effectiveLimit(0, platform));
        assertEquals(1000, ObjectQueues.effectiveLimit(1000, platform));
        assertEquals(4, ObjectQueues.effectiveLimit(4, platform));
    }

    @Test
    void aSlowProcessorDoesNotBlockEnqueueing() {
        ObjectQueues q = queues(1, Duration.ofSeconds(5));
        recorder.gate();
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        long start = System.nanoTime();
        for (int rv = 2; rv < 5_000; rv++) {
            q.onEvent(KIND, event(rv % 2 == 0 ? "a" : "b" + rv, rv));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "enqueueing took " + millis + " ms");
        assertEquals(1, recorder.inside());
    }

    @Test
    void awaitVersionIsSatisfiedWhenThatVersionArrives() throws Exception {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        AtomicBoolean result = new AtomicBoolean();
        CountDownLatch waiting = new CountDownLatch(1);
        recorder.behaviour = (ev, ctx) -> {
            if (ev.resourceVersion().equals("1")) {
                waiting.countDown();
                result.set(ctx.awaitVersion("5", WAIT));
            }
        };
        q.onEvent(KIND, event("a", 1));
        assertTrue(waiting.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        q.onEvent(KIND, event("a", 4));
        q.onEvent(KIND, event("a", 5));
        eventually(WAIT, () -> assertEquals(2, recorder.calls().size()));
        assertTrue(result.get());
        assertEquals("5", recorder.calls().get(1).latest().resourceVersion(), "the freshest body next");
        assertEquals(List.of("4"), recorder.calls().get(1).superseded().stream()
                .map(WatchEvent::resourceVersion).collect(Collectors.toList()));
    }

    @Test
    void awaitVersionIsSatisfiedByALaterVersion() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        AtomicBoolean result = new AtomicBoolean();
        recorder.behaviour = (ev, ctx) -> {
            if (ev.resourceVersion().equals("1")) {
                result.set(ctx.awaitVersion("5", WAIT));
            }
        };
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        q.onEvent(KIND, event("a", 7));
        eventually(WAIT, () -> assertEquals(2, recorder.calls().size()));
        assertTrue(result.get());
    }

    @Test
    void awaitVersionReturnsAtOnceForAVersionAlreadyArrived() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        CountDownLatch gate = recorder.gate();
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        q.onEvent(KIND, event("a", 2));
        long start = System.nanoTime();
        assertTrue(q.awaitVersion(key("a"), "2", Duration.ofSeconds(30)));
        assertTrue((System.nanoTime() - start) < Duration.ofSeconds(5).toNanos());
        gate.countDown();
    }

    @Test
    void awaitVersionTimesOutWhenThatVersionNeverArrives() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        AtomicBoolean result = new AtomicBoolean(true);
        AtomicInteger elapsed = new AtomicInteger();
        recorder.behaviour = (ev, ctx) -> {
            long start = System.nanoTime();
            result.set(ctx.awaitVersion("9", Duration.ofMillis(200)));
            elapsed.set((int) ((System.nanoTime() - start) / 1_000_000));
        };
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.calls().size()));
        eventually(WAIT, () -> assertEquals(0, recorder.inside()));
        assertFalse(result.get());
        assertTrue(elapsed.get() >= 190, elapsed.get() + " ms");
    }

    @Test
    void awaitVersionComparesOpaqueVersionsOnlyExactly() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        CountDownLatch gate = recorder.gate();
        q.onEvent(KIND, WatchEvent.of(WatchEvent.MODIFIED, JSON.createObjectNode().set("metadata",
                JSON.createObjectNode().put("uid", "a").put("resourceVersion", "abc"))));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        assertTrue(q.awaitVersion(key("a"), "abc", Duration.ZERO));
        assertFalse(q.awaitVersion(key("a"), "abd", Duration.ofMillis(50)));
        gate.countDown();
    }

    @Test
    void theNewestProcessingSeesHasNewerEventsWhileMoreArrive() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        List<Boolean> pressure = new ArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch more = new CountDownLatch(1);
        recorder.behaviour = (ev, ctx) -> {
            if (ev.resourceVersion().equals("1")) {
                synchronized (pressure) {
                    pressure.add(ctx.hasNewerEvents());
                }
                inside.countDown();
                await(more);
                synchronized (pressure) {
                    pressure.add(ctx.hasNewerEvents());
                }
            }
        };
        q.onEvent(KIND, event("a", 1));
        await(inside);
        q.onEvent(KIND, event("a", 2));
        more.countDown();
        eventually(WAIT, () -> assertEquals(2, recorder.calls().size()));
        synchronized (pressure) {
            assertEquals(List.of(false, true), pressure);
        }
    }

    @Test
    void stopLetsTheWorkersFinishWhatIsQueued() {
        ObjectQueues q = queues(1, Duration.ofSeconds(5));
        CountDownLatch gate = recorder.gate();
        q.onEvent(KIND, event("a", 1));
        q.onEvent(KIND, event("b", 2));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        Thread opener = new Thread(() -> {
            await(Duration.ofMillis(100));
            gate.countDown();
        });
        opener.start();
        assertTrue(q.stop(Duration.ofSeconds(5)));
        assertEquals(2, recorder.calls().size());
        q.onEvent(KIND, event("c", 3));
        continually(Duration.ofMillis(100), () -> assertEquals(2, recorder.calls().size()));
    }

    @Test
    void stopGivesUpOnAStuckWorkerAfterTheExitTimeoutAndInterruptsIt() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        CountDownLatch interrupted = new CountDownLatch(1);
        recorder.behaviour = (ev, ctx) -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        };
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.inside()));
        long start = System.nanoTime();
        assertFalse(q.stop(Duration.ofMillis(200)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 190 && millis < 3_000, millis + " ms");
        eventually(WAIT, () -> assertEquals(0, interrupted.getCount()));
    }

    @Test
    void aFailingProcessorDoesNotEndTheWorker() {
        ObjectQueues q = queues(0, Duration.ofSeconds(5));
        recorder.behaviour = (ev, ctx) -> {
            if (ev.resourceVersion().equals("1")) {
                throw new IllegalStateException("simulated processing failure (expected in this test)");
            }
        };
        q.onEvent(KIND, event("a", 1));
        eventually(WAIT, () -> assertEquals(1, recorder.calls().size()));
        eventually(WAIT, () -> assertEquals(0, recorder.inside()));
        q.onEvent(KIND, event("a", 2));
        eventually(WAIT, () -> assertEquals("2", recorder.lastVersion("a")));
        assertEquals(1, q.startedWorkers());
    }

    @Test
    void objectsWithoutUidsAreKeyedByKindNameNamespaceAndCreation() {
        JsonNode a = JSON.createObjectNode().put("kind", "ComponentStatus").put("apiVersion", "v1")
                .set("metadata", JSON.createObjectNode().put("name", "scheduler"));
        assertEquals(KIND.key() + ":ComponentStatus//v1//scheduler//-//-", ObjectQueues.keyOf(KIND, a));
    }

    // ------------------------------------------------------------------ the fake processor

    record Call(String key, WatchEvent latest, List<WatchEvent> superseded, Thread thread) {
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(Duration d) {
        try {
            new CountDownLatch(1).await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records every call, counts concurrency, and runs a pluggable behaviour (or waits at a gate). */
    static final class Recorder implements ObjectProcessor {
        private final List<Call> calls = new ArrayList<>();
        private final Map<String, AtomicInteger> insideByKey = new ConcurrentHashMap<>();
        private final Map<String, Integer> maxByKey = new ConcurrentHashMap<>();
        private final AtomicInteger inside = new AtomicInteger();
        private final AtomicInteger maxInside = new AtomicInteger();
        private final List<CountDownLatch> gates = new ArrayList<>();
        volatile BiConsumer<WatchEvent, ObjectContext> behaviour = (ev, ctx) -> { };

        /** From now on every call waits until the returned latch is opened. */
        synchronized CountDownLatch gate() {
            CountDownLatch gate = new CountDownLatch(1);
            gates.add(gate);
            behaviour = (ev, ctx) -> await(gate);
            return gate;
        }

        synchronized void releaseAll() {
            gates.forEach(CountDownLatch::countDown);
        }

        @Override
        public void process(ResourceKind kind, WatchEvent latest, ObjectContext ctx) {
            int now = inside.incrementAndGet();
            maxInside.accumulateAndGet(now, Math::max);
            int mine = insideByKey.computeIfAbsent(ctx.key(), k -> new AtomicInteger()).incrementAndGet();
            maxByKey.merge(ctx.key(), mine, Math::max);
            synchronized (this) {
                calls.add(new Call(ctx.key(), latest, ctx.superseded(), Thread.currentThread()));
            }
            try {
                behaviour.accept(latest, ctx);
            } finally {
                insideByKey.get(ctx.key()).decrementAndGet();
                inside.decrementAndGet();
            }
        }

        synchronized List<Call> calls() {
            return List.copyOf(calls);
        }

        int inside() {
            return inside.get();
        }

        int maxInside() {
            return maxInside.get();
        }

        int maxConcurrency(String key) {
            return maxByKey.getOrDefault(key, 0);
        }

        synchronized String lastVersion(String uid) {
            String v = null;
            for (Call c : calls) {
                if (c.key().equals(key(uid))) {
                    v = c.latest().resourceVersion();
                }
            }
            return v;
        }
    }
}
