package io.kopf4j;

/**
 * A handler as a lambda, for the programmatic registry and for sub-handlers: it gets the whole context at once instead
 * of injected parameters. The result is stored in {@code status.<id>} when not null.
 */
@FunctionalInterface
public interface Handler {
    Object handle(HandlerContext context) throws Exception;
}
