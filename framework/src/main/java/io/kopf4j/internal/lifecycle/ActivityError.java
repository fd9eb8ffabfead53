package io.kopf4j.internal.lifecycle;

/**
 * An activity (startup, cleanup, probe) failed for good: a {@code PermanentError}, exhausted retries or timeout, or
 * an arbitrary exception of a handler with {@code errors = PERMANENT}. The message names every failed handler and
 * its reason; the first failure is the cause. Kopf: {@code kopf.ActivityError}. Not API.
 */
public final class ActivityError extends RuntimeException {
    public ActivityError(String message, Throwable cause) {
        super(message, cause);
    }
}
