package io.kopf4j;

/**
 * The handler's {@code timeout} ran out (or a retry would surely exceed it): the handler fails permanently.
 *
 * <p>Kopf: {@code kopf.HandlerTimeoutError}, a {@link PermanentError}. Raised by the framework, not by handlers.
 */
public class HandlerTimeoutError extends PermanentError {
    private static final long serialVersionUID = 1L;

    /**
     * A timeout failure.
     *
     * @param message which handler timed out, and after how long
     */
    public HandlerTimeoutError(String message) {
        super(message);
    }

    /**
     * A timeout failure with the last error of the handler.
     *
     * @param message which handler timed out, and after how long
     * @param cause the handler's last error, or null
     */
    public HandlerTimeoutError(String message, Throwable cause) {
        super(message, cause);
    }
}
