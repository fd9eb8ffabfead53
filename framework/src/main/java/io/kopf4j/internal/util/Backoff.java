package io.kopf4j.internal.util;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable sequence of delays between retries, shared by all objects; {@link #start()} makes the stateful,
 * per-object {@link Execution} (JOSDK's split of {@code Retry} and {@code RetryExecution}).
 *
 * <p>Two kinds, as Kopf uses them:
 * <ul>
 *   <li>{@link #repeatingLast(List)}: the last delay repeats forever, e.g. {@code queueing.errorDelays}
 *       (Kopf: {@code kopf/_core/actions/throttlers.py}, {@code next(delays, last_used_delay)});</li>
 *   <li>{@link #limited(List)}: after the last delay there are no more retries, e.g.
 *       {@code networking.errorBackoffs} (Kopf: {@code kopf/_cogs/clients/api.py}).</li>
 * </ul>
 * An empty sequence has no delays at all: no throttling, or no retries.
 */
public final class Backoff {
    private final List<Duration> delays;
    private final boolean repeatsLast;

    private Backoff(List<Duration> delays, boolean repeatsLast) {
        this.delays = List.copyOf(Objects.requireNonNull(delays, "delays"));
        for (Duration delay : this.delays) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("Backoff delays must not be negative: " + this.delays);
            }
        }
        this.repeatsLast = repeatsLast;
    }

    /**
     * Delays whose last one repeats forever (Kopf's error throttling).
     *
     * @param delays the delays, none negative
     * @return the policy
     */
    public static Backoff repeatingLast(List<Duration> delays) {
        return new Backoff(delays, true);
    }

    /**
     * Delays with as many retries as there are delays (Kopf's API request retries).
     *
     * @param delays the delays, none negative
     * @return the policy
     */
    public static Backoff limited(List<Duration> delays) {
        return new Backoff(delays, false);
    }

    /**
     * The delays as given.
     *
     * @return an immutable list
     */
    public List<Duration> delays() {
        return delays;
    }

    /**
     * Whether the last delay repeats after the sequence ends.
     *
     * @return true for {@link #repeatingLast(List)}
     */
    public boolean repeatsLast() {
        return repeatsLast;
    }

    /**
     * The delay before retry number {@code attempt}: the attempt-th delay, capped at the last one when it repeats.
     *
     * @param attempt 1 for the first retry, 2 for the second, and so on
     * @return the delay, or empty when this policy allows no such retry
     */
    public Optional<Duration> delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("Retry attempts count from 1: " + attempt);
        }
        if (delays.isEmpty()) {
            return Optional.empty();
        }
        if (attempt <= delays.size()) {
            return Optional.of(delays.get(attempt - 1));
        }
        return repeatsLast ? Optional.of(delays.get(delays.size() - 1)) : Optional.empty();
    }

    /**
     * Starts a new sequence of retries, e.g. for one object or one request.
     *
     * @return a fresh execution at attempt 0
     */
    public Execution start() {
        return new Execution(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Backoff b && repeatsLast == b.repeatsLast && delays.equals(b.delays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(delays, repeatsLast);
    }

    @Override
    public String toString() {
        return "Backoff[" + (repeatsLast ? "repeating last of " : "limited to ") + delays + "]";
    }

    /** The state of one sequence of retries. Not thread-safe: owned by one object's worker. */
    public static final class Execution {
        private final Backoff policy;
        private int attempts;

        private Execution(Backoff policy) {
            this.policy = policy;
        }

        /**
         * Moves to the next retry and returns its delay.
         *
         * @return the delay before the next retry, or empty when no retry is left (the count then stays put)
         */
        public Optional<Duration> next() {
            Optional<Duration> delay = policy.delay(attempts + 1);
            if (delay.isPresent()) {
                attempts++;
            }
            return delay;
        }

        /**
         * How many retries were granted by {@link #next()} so far.
         *
         * @return the count
         */
        public int attempts() {
            return attempts;
        }

        /**
         * Whether {@link #next()} would return empty.
         *
         * @return true when no retry is left
         */
        public boolean exhausted() {
            return policy.delay(attempts + 1).isEmpty();
        }

        /**
         * The shared policy of this execution.
         *
         * @return the policy
         */
        public Backoff policy() {
            return policy;
        }
    }
}
