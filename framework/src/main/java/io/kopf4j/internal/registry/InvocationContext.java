package io.kopf4j.internal.registry;

import io.kopf4j.HandlerContext;
import io.kopf4j.RawEvent;

/**
 * What the parameter binders take injectables from: the public {@link HandlerContext} plus the raw event for event
 * handlers. The handling layer implements it per invocation. Not API.
 */
public interface InvocationContext extends HandlerContext {
    /** The raw watch event, or null outside event handlers. */
    RawEvent rawEvent();
}
