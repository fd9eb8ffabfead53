package io.kopf4j.internal.model;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The in-memory state of one handler for the current cause: when it started, how often it ran, whether it is done,
 * and when to call it again. Immutable; a transition returns a new state. "Now" is always an argument, never read
 * from a clock.
 *
 * <p>{@code active} marks the handlers taking part in the current cycle (they count for "done" and for delays);
 * states read from storage are passive until a handler of the current cycle claims them ({@link #asActive()}).
 *
 * <p>Times are kept in microseconds, as Kopf's Python datetimes and the stored records have them.
 *
 * <p>Kopf: {@code kopf/_core/actions/progression.py} ({@code HandlerState}).
 *
 * @param active   whether the handler takes part in the current handling cycle
 * @param started  when it was first called (never null)
 * @param stopped  when it finally succeeded or failed; null while unfinished
 * @param delayed  when to call it again; null when it may run at once (or is finished)
 * @param purpose  the reason it was started for (create/update/delete/resume), or null for any
 * @param retries  how many times it was called
 * @param success  whether it finally succeeded
 * @param failure  whether it finally failed
 * @param message  the last error's message, or null
 * @param subrefs  its sub-handlers' ids, all levels deep, sorted and unique
 */
public record HandlerState(
        boolean active,
        Instant started,
        Instant stopped,
        Instant delayed,
        String purpose,
        int retries,
        boolean success,
        boolean failure,
        String message,
        List<HandlerId> subrefs) {

    public HandlerState {
        started = micros(Objects.requireNonNull(started, "started"));
        stopped = micros(stopped);
        delayed = micros(delayed);
        subrefs = List.copyOf(new TreeSet<>(Objects.requireNonNull(subrefs, "subrefs")));
    }

    /** A handler first seen now, active, with no runs yet (Kopf's {@code from_scratch}). */
    public static HandlerState started(Instant now) {
        return started(now, null);
    }

    /** A handler first seen now for {@code purpose}, active, with no runs yet. */
    public static HandlerState started(Instant now, String purpose) {
        return new HandlerState(true, now, null, null, purpose, 0, false, false, null, List.of());
    }

    /**
     * The state read from a stored record, passive (Kopf's {@code from_storage}): a missing start is now, missing
     * counters are 0/false, an empty purpose is none.
     */
    public static HandlerState fromRecord(ProgressRecord record, Instant now) {
        List<HandlerId> subrefs = new ArrayList<>();
        if (record.subrefs() != null) {
            for (String subref : record.subrefs()) {
                subrefs.add(new HandlerId(subref));
            }
        }
        return new HandlerState(
                false,
                record.started() != null ? record.started() : now,
                record.stopped(),
                record.delayed(),
                record.purpose() == null || record.purpose().isEmpty() ? null : record.purpose(),
                record.retries() == null ? 0 : record.retries(),
                Boolean.TRUE.equals(record.success()),
                Boolean.TRUE.equals(record.failure()),
                record.message(),
                subrefs);
    }

    /**
     * The record to store (Kopf's {@code for_storage}): counters and flags always written, timestamps, purpose and
     * message when set, sub-refs when any (sorted).
     */
    public ProgressRecord toRecord() {
        List<String> refs = null;
        if (!subrefs.isEmpty()) {
            refs = new ArrayList<>(subrefs.size());
            for (HandlerId subref : subrefs) {
                refs.add(subref.value());
            }
        }
        return new ProgressRecord(started, stopped, delayed, purpose, retries, success, failure, message, refs);
    }

    /**
     * Whether this state must be written: it differs from what was read from storage (null: nothing was). Compares at
     * microseconds, the stored precision, which all times of a state are truncated to.
     */
    public boolean differsFrom(ProgressRecord stored) {
        return stored == null || !toRecord().equals(stored);
    }

    /** Succeeded or failed for good: never run again for this cause. */
    public boolean finished() {
        return success || failure;
    }

    /** Unfinished and waiting for a retry time that has not come yet. */
    public boolean sleeping(Instant now) {
        return !finished() && delayed != null && delayed.isAfter(now);
    }

    /** Unfinished and due now: to be called in this cycle. */
    public boolean awakened(Instant now) {
        return !finished() && !sleeping(now);
    }

    /** How long since the handler was first called (Kopf's {@code runtime}, used against {@code timeout}). */
    public Duration runtime(Instant now) {
        return Duration.between(started, now);
    }

    /** The same state taking part in the current cycle. */
    public HandlerState asActive() {
        return active ? this : new HandlerState(true, started, stopped, delayed, purpose, retries, success, failure,
                message, subrefs);
    }

    /** The same state, re-purposed for another reason. */
    public HandlerState withPurpose(String newPurpose) {
        return new HandlerState(active, started, stopped, delayed, newPurpose, retries, success, failure, message,
                subrefs);
    }

    /** The state after one more invocation that ended in {@code outcome} at {@code now}. */
    public HandlerState after(Outcome outcome, Instant now) {
        return after(outcome, List.of(), now);
    }

    /**
     * The state after one more invocation that ended in {@code outcome} at {@code now}, having had the given
     * sub-handlers (Kopf's {@code with_outcome}): one more retry; stopped now if final (the first stop time is
     * kept); delayed by the outcome's delay, if any; success or failure if final, by whether there was an error; the
     * error's message; sub-refs merged.
     */
    public HandlerState after(Outcome outcome, Collection<HandlerId> newSubrefs, Instant now) {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(now, "now");
        Throwable error = outcome.error();
        Duration delay = outcome.delay();
        TreeSet<HandlerId> merged = new TreeSet<>(subrefs);
        merged.addAll(newSubrefs);
        return new HandlerState(
                active,
                started,
                stopped != null ? stopped : outcome.isFinal() ? now : null,
                delay != null ? now.plus(delay) : null,
                purpose,
                retries + 1,
                outcome.isFinal() && error == null,
                outcome.isFinal() && error != null,
                error == null ? null : messageOf(error),
                List.copyOf(merged));
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** Python's {@code str(exception)}: the message, or an empty string when there is none. */
    private static String messageOf(Throwable error) {
        String message = error.getMessage();
        return message == null ? "" : message;
    }
}
