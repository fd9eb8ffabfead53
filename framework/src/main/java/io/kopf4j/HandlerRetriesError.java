package io.kopf4j;

/**
 * The handler has used up its {@code retries}: it fails permanently.
 *
 * <p>Kopf: {@code kopf.HandlerRetriesError}, a {@link PermanentError}. Raised by the framework, not by handlers.
 */
public class HandlerRetriesError extends PermanentError {
    private static final long serialVersionUID = 1L;

    /**
     * A retries-exhausted failure.
     *
     * @param message which handler ran out of retries, and after how many
     */
    public HandlerRetriesError(String message) {
        super(message);
    }

    /**
     * A retries-exhausted failure with the last error of the handler.
     *
     * @param message which handler ran out of retries, and after how many
     * @param cause the handler's last error, or null
     */
    public HandlerRetriesError(String message, Throwable cause) {
        super(message, cause);
    }
}
