package io.kopf4j.internal.registry;

/** Calls one handler with its parameters bound from the context; parsed once at registration. Not API. */
@FunctionalInterface
public interface Invoker {
    /** Returns the handler's result (null for void) or throws what the handler threw. */
    Object invoke(InvocationContext context) throws Exception;
}
