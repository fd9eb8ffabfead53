package io.kopf4j;

import java.time.Duration;
import java.util.Objects;

/**
 * A potentially recoverable handler error: the handler is retried after {@link #delay()}.
 *
 * <p>Kopf: {@code kopf.TemporaryError(message, delay=60)}. Unchecked and open to subclassing. The retry still counts
 * against the handler's {@code retries} and {@code timeout} limits.
 */
public class TemporaryError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The delay used when none is given: 60 seconds, as Kopf's {@code TemporaryError(delay=60)}. */
    public static final Duration DEFAULT_DELAY = Duration.ofSeconds(60);

    /** The delay before the retry. */
    private final Duration delay;

    /**
     * A temporary failure retried after {@link #DEFAULT_DELAY} (60 s, Kopf's default).
     *
     * @param message the message recorded in the handler's progress and logged
     */
    public TemporaryError(String message) {
        this(message, DEFAULT_DELAY);
    }

    /**
     * A temporary failure retried after the given delay.
     *
     * @param message the message recorded in the handler's progress and logged
     * @param delay how long to wait before the retry; {@link Duration#ZERO} retries in the next cycle (Kopf's
     *     {@code delay=None}); never negative
     */
    public TemporaryError(String message, Duration delay) {
        this(message, delay, null);
    }

    /**
     * A temporary failure retried after the given delay, with the exception that caused it.
     *
     * @param message the message recorded in the handler's progress and logged
     * @param delay how long to wait before the retry; never negative
     * @param cause the underlying exception, or null
     */
    public TemporaryError(String message, Duration delay, Throwable cause) {
        super(message, cause);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("TemporaryError delay must not be negative: " + delay);
        }
        this.delay = delay;
    }

    /**
     * How long to wait before the handler is retried (Kopf: {@code TemporaryError.delay}).
     *
     * @return the delay, never null nor negative
     */
    public Duration delay() {
        return delay;
    }
}
