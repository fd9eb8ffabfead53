package io.kopf4j.examples.exceptions;

import io.kopf4j.ErrorMode;
import io.kopf4j.On;
import io.kopf4j.OperatorSettings;
import io.kopf4j.PermanentError;
import io.kopf4j.Retry;
import io.kopf4j.TemporaryError;

import java.time.Duration;

/**
 * Kopf's example 03: handlers that fail, and how the framework retries them. A {@link PermanentError} fails the handler
 * at once; a {@link TemporaryError} retries it after its delay; any other exception follows the handler's
 * {@code errors} mode (retried after {@code backoff} by default, bounded by {@code retries}; or failed at once with
 * {@link ErrorMode#PERMANENT}).
 *
 * <p>The failures and successes are logged; here the log lines about the object are also posted as Kubernetes Events
 * ({@code posting.loggers}), so that {@code kubectl describe} shows them.
 */
public class ExceptionsOperator {

    /** An exception of the operator's own: retried as any exception that is not a kopf4j error. */
    public static class MyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public MyException(String message) {
            super(message);
        }
    }

    @On.Startup
    void postLogLinesAsEvents(OperatorSettings settings) {
        settings.posting().loggers(true);
    }

    @On.Create("kopfexamples")
    void instantFailureWithOnlyAMessage() {
        throw new PermanentError("Fail once and for all.");
    }

    /** Fails on attempts 0, 1 and 2, and succeeds on attempt 3. */
    @On.Create("kopfexamples")
    void eventualSuccessWithAFewMessages(Retry retry) {
        if (retry.attempt() < 3) {
            throw new TemporaryError("Expected recoverable error.", Duration.ofSeconds(1));
        }
    }

    /** Retried each second, then given up after three attempts. */
    @On.Create(value = "kopfexamples", retries = 3, backoff = 1)
    void eventualFailureWithTracebacks() {
        throw new MyException("An error that is supposed to be recoverable.");
    }

    /** With {@code errors = PERMANENT}, any exception fails the handler at once. */
    @On.Create(value = "kopfexamples", errors = ErrorMode.PERMANENT, backoff = 1)
    void instantFailureWithTraceback() {
        throw new MyException("An error that is supposed to be recoverable.");
    }
}
