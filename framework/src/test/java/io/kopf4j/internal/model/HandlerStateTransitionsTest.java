package io.kopf4j.internal.model;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerStateTransitionsTest {

    private static final Instant T0 = Instant.parse("2020-12-31T23:59:59.123456Z");
    private static final Instant T1 = T0.plusSeconds(10);
    private static final Instant T2 = T0.plusSeconds(100);

    @Test
    void freshStateIsActiveAwakeAndUnfinished() {
        HandlerState state = HandlerState.started(T0, "create");
        assertTrue(state.active());
        assertEquals(0, state.retries());
        assertFalse(state.finished());
        assertFalse(state.sleeping(T0));
        assertTrue(state.awakened(T0));
        assertEquals(Duration.ofSeconds(10), state.runtime(T1));
    }

    @Test
    void successStopsNowAndCountsTheRun() {
        HandlerState state = HandlerState.started(T0).after(new Outcome.Succeeded("result"), T1);
        assertTrue(state.success());
        assertFalse(state.failure());
        assertTrue(state.finished());
        assertFalse(state.awakened(T2));
        assertEquals(T1, state.stopped());
        assertNull(state.delayed());
        assertNull(state.message());
        assertEquals(1, state.retries());
    }

    @Test
    void retryIsDelayedAndSleepsUntilTheDelayPasses() {
        HandlerState state = HandlerState.started(T0)
                .after(new Outcome.Retrying(Duration.ofSeconds(60), new IllegalStateException("not yet")), T1);
        assertFalse(state.finished());
        assertNull(state.stopped());
        assertEquals(T1.plusSeconds(60), state.delayed());
        assertEquals("not yet", state.message());
        assertTrue(state.sleeping(T1.plusSeconds(59)));
        assertFalse(state.sleeping(T1.plusSeconds(60)), "due exactly at the delay");
        assertTrue(state.awakened(T1.plusSeconds(60)));
    }

    @Test
    void retryWithoutDelayIsDueAtOnce() {
        HandlerState state = HandlerState.started(T0).after(new Outcome.Retrying(null, null), T1);
        assertNull(state.delayed());
        assertNull(state.message());
        assertTrue(state.awakened(T1));
    }

    @Test
    void failureStopsWithTheErrorMessage() {
        HandlerState state = HandlerState.started(T0).after(new Outcome.Failed(new RuntimeException("boom")), T1);
        assertTrue(state.failure());
        assertFalse(state.success());
        assertEquals("boom", state.message());
        assertEquals(T1, state.stopped());
        HandlerState silent = HandlerState.started(T0).after(new Outcome.Failed(new RuntimeException()), T1);
        assertEquals("", silent.message(), "Python's str() of an exception without a message");
    }

    @Test
    void firstStopTimeIsKeptAndRetriesAccumulate() {
        HandlerState state = HandlerState.started(T0)
                .after(new Outcome.Retrying(Duration.ofSeconds(1), new RuntimeException("a")), T1)
                .after(new Outcome.Succeeded(null), T2);
        assertEquals(2, state.retries());
        assertEquals(T2, state.stopped());
        assertNull(state.delayed());
        assertNull(state.message());
        assertEquals(T2, state.after(new Outcome.Succeeded(null), T2.plusSeconds(5)).stopped());
    }

    @Test
    void subrefsAreMergedSortedAndUnique() {
        HandlerState state = HandlerState.started(T0)
                .after(new Outcome.Retrying(null, null), List.of(HandlerId.of("fn/b"), HandlerId.of("fn/a")), T1)
                .after(new Outcome.Succeeded(null), List.of(HandlerId.of("fn/a"), HandlerId.of("fn/c")), T2);
        assertEquals(List.of(HandlerId.of("fn/a"), HandlerId.of("fn/b"), HandlerId.of("fn/c")), state.subrefs());
        assertEquals(List.of("fn/a", "fn/b", "fn/c"), state.toRecord().subrefs());
    }

    @Test
    void recordOfAFinishedHandlerIsWhatKopfWrites() {
        HandlerState state = HandlerState.started(T0, "create").after(new Outcome.Succeeded(null), T1);
        assertEquals("{\"started\":\"2020-12-31T23:59:59.123456+00:00\",\"stopped\":\"2021-01-01T00:00:09.123456+00:00\","
                + "\"purpose\":\"create\",\"retries\":1,\"success\":true,\"failure\":false}", state.toRecord().toJson());
    }

    @Test
    void storedRecordBecomesAPassiveStateWithKopfsDefaults() {
        HandlerState state = HandlerState.fromRecord(
                new ProgressRecord(null, null, null, "", null, null, null, null, null), T1);
        assertFalse(state.active());
        assertEquals(T1, state.started(), "a missing start is now");
        assertNull(state.purpose(), "an empty purpose is none");
        assertEquals(0, state.retries());
        assertFalse(state.finished());
        assertTrue(state.asActive().active());
    }

    @Test
    void stateReadFromItsOwnRecordIsUnchanged() {
        HandlerState state = HandlerState.started(T0.plusNanos(789), "update")
                .after(new Outcome.Retrying(Duration.ofMillis(1500), new RuntimeException("x")), List.of(), T1);
        ProgressRecord stored = ProgressRecord.fromJson(state.toRecord().toJson());
        HandlerState read = HandlerState.fromRecord(stored, T2);
        assertFalse(read.differsFrom(stored));
        assertTrue(read.after(new Outcome.Succeeded(null), T2).differsFrom(stored));
        assertTrue(state.differsFrom(null));
        assertEquals(stored, read.toRecord());
    }

    @Test
    void outcomesCarryOnlyWhatTheirKindAllows() {
        Outcome succeeded = new Outcome.Succeeded(42);
        assertTrue(succeeded.isFinal());
        assertEquals(42, succeeded.result());
        assertNull(succeeded.error());
        assertNull(succeeded.delay());
        Outcome retrying = new Outcome.Retrying(Duration.ofSeconds(5), null);
        assertFalse(retrying.isFinal());
        assertEquals(Duration.ofSeconds(5), retrying.delay());
        assertNull(retrying.result());
        RuntimeException error = new RuntimeException();
        assertSame(error, new Outcome.Failed(error).error());
        assertThrows(NullPointerException.class, () -> new Outcome.Failed(null));
        assertThrows(IllegalArgumentException.class, () -> new Outcome.Retrying(Duration.ofSeconds(-1), null));
    }

    @Test
    void handlerIdsNestWithSlashes() {
        assertEquals(HandlerId.of("parent/child/grandchild"), HandlerId.of("parent").child("child").child("grandchild"));
        assertEquals("parent/child", HandlerId.of("parent").child("child").toString());
        assertThrows(IllegalArgumentException.class, () -> HandlerId.of(""));
    }
}
