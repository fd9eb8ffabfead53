package io.kopf4j.internal.registry;

import io.kopf4j.Handler;

import java.util.Objects;

/** Calls a {@link Handler} lambda of the programmatic registry with the whole context. Not API. */
final class HandlerInvoker implements Invoker {
    private final Handler handler;

    HandlerInvoker(Handler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public Object invoke(InvocationContext context) throws Exception {
        return handler.handle(context);
    }

    @Override
    public Object source() {
        return handler;
    }
}
