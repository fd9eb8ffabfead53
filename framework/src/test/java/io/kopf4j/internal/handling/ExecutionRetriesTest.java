package io.kopf4j.internal.handling;

import io.kopf4j.ErrorMode;
import io.kopf4j.HandlerRetriesError;
import io.kopf4j.HandlerTimeoutError;
import io.kopf4j.OperatorSettings;
import io.kopf4j.PermanentError;
import io.kopf4j.TemporaryError;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.HandlerState;
import io.kopf4j.internal.model.ProgressRecord;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors, retries, timeouts and delays of one handler, on a manual clock: nothing really waits. */
class ExecutionRetriesTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final Execution execution = Fixtures.execution(clock);
    private final HandlerId id = HandlerId.of("fn");

    /** Runs the handler cycle after cycle (as the processor would), moving the clock by each delay. */
    private HandlerStates cycle(HandlerSpec spec, HandlerStates states) {
        ChangingCause cause = Fixtures.cause(ChangeReason.CREATE, json("{'metadata':{'name':'x'}}"));
        return execution.handle(List.of(spec), List.of(spec.id()), states.withHandlers(List.of(spec.id()),
                clock.instant()), cause);
    }

    private HandlerStates fresh() {
        return HandlerStates.empty().withPurpose("create", List.of());
    }

    @Test
    void temporaryErrorRetriesAfterItsDelay() {
        AtomicInteger calls = new AtomicInteger();
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            if (calls.incrementAndGet() == 1) {
                throw new TemporaryError("not yet", Duration.ofSeconds(30));
            }
            return null;
        }).build();
        HandlerStates states = cycle(spec, fresh());
        HandlerState s = states.get(id);
        assertFalse(s.finished());
        assertEquals(1, s.retries());
        assertEquals("not yet", s.message());
        assertEquals(List.of(Duration.ofSeconds(30)), states.delays(clock.instant()));
        assertTrue(s.sleeping(clock.instant()));

        states = cycle(spec, states);      // still sleeping: not called
        assertEquals(1, calls.get());
        clock.advance(Duration.ofSeconds(30));
        states = cycle(spec, states);
        assertEquals(2, calls.get());
        assertTrue(states.get(id).success());
        assertTrue(states.done());
    }

    @Test
    void permanentErrorFailsForGoodAndIsRecorded() {
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new PermanentError("broken");
        }).build();
        ChangingCause cause = Fixtures.cause(ChangeReason.CREATE, json("{'metadata':{'name':'x'}}"));
        HandlerStates states = execution.handle(List.of(spec), List.of(id),
                fresh().withHandlers(List.of(id), clock.instant()), cause);
        HandlerState s = states.get(id);
        assertTrue(s.failure());
        assertEquals("broken", s.message());
        assertTrue(states.done());
        ProgressRecord stored = ProgressRecord.fromJson(cause.object().patch().toMergePatch()
                .path("metadata").path("annotations").path("kopf.zalando.org/fn").asText());
        assertEquals(Boolean.TRUE, stored.failure());
        assertEquals("broken", stored.message());
    }

    @Test
    void arbitraryErrorsRetryAfterTheDefaultBackoff() {
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new IllegalStateException("oops");
        }).build();
        HandlerStates states = cycle(spec, fresh());
        assertEquals(List.of(Duration.ofSeconds(60)), states.delays(clock.instant()));
        assertEquals("oops", states.get(id).message());
    }

    @Test
    void arbitraryErrorsRetryAfterTheHandlersBackoff() {
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new IllegalStateException("oops");
        }).backoff(Duration.ofSeconds(7)).build();
        assertEquals(List.of(Duration.ofSeconds(7)), cycle(spec, fresh()).delays(clock.instant()));
    }

    @Test
    void defaultBackoffComesFromTheSettings() {
        OperatorSettings settings = new OperatorSettings();
        settings.execution().defaultBackoff(Duration.ofSeconds(3));
        Execution custom = Fixtures.execution(settings, clock);
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new IllegalStateException("oops");
        }).build();
        ChangingCause cause = Fixtures.cause(ChangeReason.CREATE, json("{'metadata':{'name':'x'}}"));
        HandlerStates states = custom.handle(List.of(spec), List.of(id),
                fresh().withHandlers(List.of(id), clock.instant()), cause);
        assertEquals(List.of(Duration.ofSeconds(3)), states.delays(clock.instant()));
    }

    @Test
    void permanentModeFailsArbitraryErrorsAtOnce() {
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new IllegalStateException("oops");
        }).errors(ErrorMode.PERMANENT).build();
        HandlerState s = cycle(spec, fresh()).get(id);
        assertTrue(s.failure());
        assertEquals("oops", s.message());
    }

    @Test
    void ignoredModeCountsArbitraryErrorsAsSuccess() {
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            throw new IllegalStateException("oops");
        }).errors(ErrorMode.IGNORED).build();
        HandlerState s = cycle(spec, fresh()).get(id);
        assertTrue(s.success());
        assertNull(s.message());
    }

    @Test
    void exhaustedRetriesEndInHandlerRetriesError() {
        AtomicInteger calls = new AtomicInteger();
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            calls.incrementAndGet();
            throw new TemporaryError("again", Duration.ZERO);
        }).retries(3).build();
        HandlerStates states = fresh();
        for (int i = 0; i < 10 && (states.get(id) == null || !states.get(id).finished()); i++) {
            states = cycle(spec, states);
        }
        assertEquals(3, calls.get());
        assertTrue(states.get(id).failure());
        assertTrue(states.get(id).message().contains("will exceed 3 retries"), states.get(id).message());
    }

    @Test
    void aRetryThatWouldSurelyExceedTheTimeoutFailsNow() {
        AtomicInteger calls = new AtomicInteger();
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            calls.incrementAndGet();
            throw new TemporaryError("slow", Duration.ofSeconds(40));
        }).timeout(Duration.ofSeconds(60)).build();
        HandlerStates states = cycle(spec, fresh());
        assertFalse(states.get(id).finished());
        clock.advance(Duration.ofSeconds(40));
        states = cycle(spec, states);      // 40 s + 40 s >= 60 s: fails without waiting
        assertEquals(2, calls.get());
        assertTrue(states.get(id).failure());
        assertTrue(states.get(id).message().contains("will time out after 60 seconds"));
    }

    @Test
    void timedOutHandlerFailsWithoutBeingCalled() {
        AtomicInteger calls = new AtomicInteger();
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            calls.incrementAndGet();
            throw new TemporaryError("slow", Duration.ofSeconds(1));
        }).timeout(Duration.ofSeconds(60)).build();
        HandlerStates states = cycle(spec, fresh());
        clock.advance(Duration.ofSeconds(120));   // e.g. the operator was down
        states = cycle(spec, states);
        assertEquals(1, calls.get());
        assertTrue(states.get(id).failure());
        assertTrue(states.get(id).message().contains("has timed out"));
    }

    @Test
    void handlersSeeTheirRetryStartedAndRuntime() {
        AtomicInteger seenRetry = new AtomicInteger(-1);
        HandlerSpec spec = Fixtures.Spec.of("fn", HandlerKind.CREATE, ctx -> {
            seenRetry.set(ctx.retry().attempt());
            if (ctx.retry().attempt() < 2) {
                throw new TemporaryError("again", Duration.ofSeconds(5));
            }
            assertEquals(Duration.ofSeconds(10), ctx.runtime().value());
            return null;
        }).build();
        HandlerStates states = cycle(spec, fresh());
        clock.advance(Duration.ofSeconds(5));
        states = cycle(spec, states);
        clock.advance(Duration.ofSeconds(5));
        states = cycle(spec, states);
        assertEquals(2, seenRetry.get());
        assertTrue(states.get(id).success());
    }

    @Test
    void handlerTimeoutAndRetriesErrorsArePermanent() {
        assertInstanceOf(PermanentError.class, new HandlerTimeoutError("x"));
        assertInstanceOf(PermanentError.class, new HandlerRetriesError("x"));
    }
}
