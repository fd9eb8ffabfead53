package io.kopf4j.internal.registry;

/** Calls one handler with its parameters bound from the context; parsed once at registration. Not API. */
@FunctionalInterface
public interface Invoker {
    /** Returns the handler's result (null for void) or throws what the handler threw. */
    Object invoke(InvocationContext context) throws Exception;

    /**
     * What is being called (a {@link java.lang.reflect.Method}, or the lambda given to the programmatic registry), so
     * that one function registered for several causes runs once per cause (Kopf's {@code _deduplicated}).
     */
    default Object source() {
        return this;
    }
}
