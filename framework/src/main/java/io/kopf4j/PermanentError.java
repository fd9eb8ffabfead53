package io.kopf4j;

/**
 * A handler error after which retrying is useless: the handler fails for good and the failure is recorded.
 *
 * <p>Kopf: {@code kopf.PermanentError}. Unchecked and open to subclassing, so operators can define their own kinds of
 * permanent failures.
 */
public class PermanentError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A permanent failure with a message.
     *
     * @param message the message recorded in the handler's progress and logged
     */
    public PermanentError(String message) {
        super(message);
    }

    /**
     * A permanent failure with a message and the exception that caused it.
     *
     * @param message the message recorded in the handler's progress and logged
     * @param cause the underlying exception, logged with its stack trace
     */
    public PermanentError(String message, Throwable cause) {
        super(message, cause);
    }
}
