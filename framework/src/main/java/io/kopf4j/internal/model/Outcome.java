package io.kopf4j.internal.model;

import java.time.Duration;
import java.util.Objects;

/**
 * The result of one invocation of one handler: it succeeded (with an optional result), it will be retried (after a
 * delay, usually because of an error), or it failed for good. A sealed type, so Kopf's invalid mixes (a final outcome
 * with a delay, a result together with an error) cannot be built. Per-kind behaviour sits in the methods, since Java
 * 17 has no pattern switch.
 *
 * <p>Kopf: {@code kopf/_core/actions/execution.py} ({@code Outcome}: final, delay, result, exception).
 */
public sealed interface Outcome permits Outcome.Succeeded, Outcome.Retrying, Outcome.Failed {

    /** Whether the handler is done for this cause (succeeded or failed for good): Kopf's {@code final}. */
    boolean isFinal();

    /** The handler's return value; {@code null} unless succeeded with a result. */
    default Object result() {
        return null;
    }

    /** When to retry; {@code null} unless retrying (and then {@code null} means "at once"). */
    default Duration delay() {
        return null;
    }

    /** The error; {@code null} when succeeded (and possibly when retrying without an error). */
    default Throwable error() {
        return null;
    }

    /** The handler returned; {@code result} is stored in {@code status.<id>} unless it is {@code null}. */
    record Succeeded(Object result) implements Outcome {
        @Override
        public boolean isFinal() {
            return true;
        }
    }

    /**
     * The handler will be called again after {@code delay} ({@code null}: at once), e.g. after a temporary error or
     * while its sub-handlers are unfinished.
     */
    record Retrying(Duration delay, Throwable error) implements Outcome {
        public Retrying {
            if (delay != null && delay.isNegative()) {
                throw new IllegalArgumentException("A retry delay cannot be negative: " + delay);
            }
        }

        @Override
        public boolean isFinal() {
            return false;
        }
    }

    /** The handler failed for good and will not be retried for this cause. */
    record Failed(Throwable error) implements Outcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean isFinal() {
            return true;
        }
    }
}
