package io.kopf4j.internal.handling;

import io.kopf4j.ErrorMode;
import io.kopf4j.StopReason;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.registry.BackgroundOptions;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.ResourceSelector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Suspending a processor's timers and daemons (the operator pauses, or the resource is no longer served): they are
 * signalled with the reason, nothing spawns while suspended, and they respawn once resumed and processed again.
 */
class BackgroundSuspensionTest extends ServerFixture {
    private static final Duration LONG = Duration.ofSeconds(20);

    private final List<StopReason> reasons = new CopyOnWriteArrayList<>();
    private final AtomicInteger starts = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    private HandlerSpec daemon() {
        BackgroundOptions options = new BackgroundOptions(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.of(Duration.ofSeconds(5)), Optional.empty(), Optional.empty());
        return new HandlerSpec(HandlerId.of("guard"), HandlerKind.DAEMON, ResourceSelector.named("kopfexamples"),
                List.of(), Optional.empty(), ErrorMode.TEMPORARY, Optional.empty(), OptionalInt.empty(),
                Optional.empty(), false, false, "", ctx -> {
                    starts.incrementAndGet();
                    running.incrementAndGet();
                    try {
                        while (!ctx.stopper().await(Duration.ofMillis(20))) {
                            Thread.onSpinWait();
                        }
                        reasons.add(ctx.stopper().reason().orElseThrow());
                    } finally {
                        running.decrementAndGet();
                    }
                    return null;
                }, "Test.guard", Optional.of(options));
    }

    /** Processes until the daemon runs (a re-check is needed while a stopped one is still exiting). */
    private void processUntilRunning(Processor processor, ObjectMemory memory, int expectedStarts) {
        eventually(LONG, () -> {
            process(processor, memory, "obj");
            assertEquals(expectedStarts, starts.get());
            assertEquals(1, running.get());
        });
    }

    @Test
    void suspendedDaemonsStopWithTheReasonSpawnNothingAndRespawnWhenResumed() {
        Processor processor = processor(daemon());
        ObjectMemory memory = new ObjectMemory();
        create("obj", null);
        processor.process(memory, "ADDED", get("obj"));   // the finalizer goes on first
        processUntilRunning(processor, memory, 1);

        assertEquals(1, processor.suspendBackground(StopReason.OPERATOR_PAUSING));
        eventually(LONG, () -> assertEquals(0, running.get()));
        assertEquals(List.of(StopReason.OPERATOR_PAUSING), reasons);
        for (int i = 0; i < 3; i++) {
            process(processor, memory, "obj");
        }
        assertEquals(1, starts.get(), "nothing spawns while suspended");
        assertEquals(0, running.get());

        processor.resumeBackground();
        processUntilRunning(processor, memory, 2);
        assertEquals(List.of(StopReason.OPERATOR_PAUSING), reasons);
        assertEquals(true, processor.stopBackground(StopReason.OPERATOR_EXITING, LONG));
        assertEquals(List.of(StopReason.OPERATOR_PAUSING, StopReason.OPERATOR_EXITING), reasons);
    }

    @Test
    void aReplacingProcessorReachesTheDaemonsOfTheOneItReplaced() {
        HandlerSpec spec = daemon();
        Processor first = processor(spec);
        ObjectMemory memory = new ObjectMemory();
        create("obj", null);
        first.process(memory, "ADDED", get("obj"));
        processUntilRunning(first, memory, 1);

        Processor second = processor(spec);
        second.adoptBackground(first);
        assertEquals(1, second.suspendBackground(StopReason.RESOURCE_UNSERVED),
                "stopped before the object is processed by the new processor");
        eventually(LONG, () -> assertEquals(List.of(StopReason.RESOURCE_UNSERVED), reasons));
    }
}
