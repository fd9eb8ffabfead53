package io.kopf4j;

/**
 * A handler as a lambda, for the programmatic registry and for sub-handlers: it gets the whole context at once instead
 * of injected parameters. The result is stored in {@code status.<id>} when not null.
 */
@FunctionalInterface
public interface Handler {
    /**
     * Handles the object.
     *
     * @param context the object and everything else a handler may be given
     * @return the result to store in {@code status.<id>}, or null for none
     * @throws Exception to fail this attempt: a {@link TemporaryError} or any other exception is retried (per the
     *     handler's error mode), a {@link PermanentError} is not
     */
    Object handle(HandlerContext context) throws Exception;
}
