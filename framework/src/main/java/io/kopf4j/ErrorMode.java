package io.kopf4j;

/**
 * How a handler's arbitrary exceptions (neither {@link TemporaryError} nor {@link PermanentError}) are treated.
 *
 * <p>Kopf: {@code kopf.ErrorsMode}, the {@code errors=} option of the handlers.
 */
public enum ErrorMode {
    /**
     * Kopf: {@code ErrorsMode.TEMPORARY}, the default: retry after the handler's {@code backoff}, or after
     * {@code settings.execution().defaultBackoff()} when the handler sets none.
     */
    TEMPORARY,
    /** Kopf: {@code ErrorsMode.PERMANENT}: fail the handler for good, as a {@link PermanentError} would. */
    PERMANENT,
    /** Kopf: {@code ErrorsMode.IGNORED}: log the error and consider the handler done, as if it succeeded. */
    IGNORED
}
