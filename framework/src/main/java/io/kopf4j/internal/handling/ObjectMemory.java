package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Memo;
import io.kopf4j.internal.util.Backoff;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the processor remembers about one object between its cycles, in this process only: the memo, whether the
 * object was first seen while listing (so resume handlers apply), whether it was fully handled once since, and the
 * transformations still to apply after a conflict. The caller keeps one per object (e.g. beside its queue) and drops
 * it after a DELETED event. Used by one worker at a time. An operator keeps one for every object it knows, so it is
 * small: the timers' and daemons' state is made only for objects that have some. Kopf:
 * {@code kopf/_core/reactor/inventory.py} ({@code ResourceMemory}).
 */
public final class ObjectMemory {
    private final Memo memo;
    private Boolean noticedByListing;
    private boolean fullyHandledOnce;
    private List<Consumer<ObjectNode>> remaining = List.of();
    private volatile Daemons.ObjectDaemons daemons;
    private Backoff.Execution throttling;

    public ObjectMemory(Memo memo) {
        this.memo = Objects.requireNonNull(memo, "memo");
    }

    /** A memory with an empty memo. */
    public ObjectMemory() {
        this(new RealMemo());
    }

    public Memo memo() {
        return memo;
    }

    /** Remembers how the object was first seen (the first call wins). */
    void noticed(String eventType) {
        if (noticedByListing == null) {
            noticedByListing = eventType == null;
        }
    }

    /** Whether resume handlers apply: first seen while listing, and not fully handled since. */
    boolean initial() {
        return Boolean.TRUE.equals(noticedByListing) && !fullyHandledOnce;
    }

    void handledOnce() {
        fullyHandledOnce = true;
    }

    List<Consumer<ObjectNode>> remaining() {
        return remaining;
    }

    void remaining(List<Consumer<ObjectNode>> transformations) {
        remaining = List.copyOf(transformations);
    }

    /**
     * A processing cycle failed unexpectedly (e.g. its patch could not reach the API server after the request's own
     * retries): the delay before the object is handled again, the next one of {@code delays} for each failure in a
     * row (Kopf's error throttling, {@code queueing.errorDelays}).
     *
     * @return the delay, or empty when {@code delays} has none (the object waits for its next event)
     */
    public Optional<Duration> throttle(Backoff delays) {
        if (throttling == null || !throttling.policy().equals(delays)) {
            throttling = delays.start();
        }
        return throttling.next();
    }

    /**
     * A processing cycle succeeded: the throttling, if any, is over.
     *
     * @return how many failures in a row preceded it (0 when it was not throttled)
     */
    public int throttlingOver() {
        int failures = throttling == null ? 0 : throttling.attempts();
        throttling = null;
        return failures;
    }

    /** The object's timers and daemons (made at the first call). */
    Daemons.ObjectDaemons daemons() {
        Daemons.ObjectDaemons d = daemons;
        if (d == null) {
            synchronized (this) {
                d = daemons;
                if (d == null) {
                    d = new Daemons.ObjectDaemons();
                    daemons = d;
                }
            }
        }
        return d;
    }

    /** Whether some timer or daemon of the object has not exited yet. */
    public boolean backgroundAlive() {
        Daemons.ObjectDaemons d = daemons;
        return d != null && d.alive();
    }
}
