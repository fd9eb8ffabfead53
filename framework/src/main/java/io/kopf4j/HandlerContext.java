package io.kopf4j;

import org.slf4j.Logger;

/** Everything a handler may be given, for handlers written as lambdas ({@link Handler}). */
public interface HandlerContext {
    /** The whole object, as last seen. */
    Body body();

    /** The object's {@code spec}. */
    default Spec spec() {
        return body().spec();
    }

    /** The object's {@code metadata}. */
    default Meta meta() {
        return body().metadata();
    }

    /** The object's {@code status}. */
    default Status status() {
        return body().status();
    }

    /** The patch of this processing cycle, applied to the object once the handlers are done. */
    Patch patch();

    /** The changes since the object was last handled (only the field's, for field handlers); empty for others. */
    Diff diff();

    /** The essence (or the field's value) as last handled; empty when there is none. */
    Old old();

    /** The essence (or the field's value) now; empty when there is none. */
    New newValue();

    /** Why a change handler runs; null for the handlers that do not run for a cause (events, timers, daemons). */
    Reason reason();

    /** How many times the handler was retried before this attempt. */
    Retry retry();

    /** When the handler was first attempted for this cause. */
    Started started();

    /** How long ago the handler was first attempted for this cause. */
    Runtime runtime();

    /** A logger whose lines name the object (and may become Events about it, per the posting settings). */
    Logger logger();

    /** The object's memo: in-memory data kept across its handlers and cycles, never stored on the cluster. */
    Memo memo();

    /** The handler's {@code param} attribute; {@code ""} when not set. */
    Param param();

    /** The resource kind of the object. */
    Resource resource();

    /** Posts Kubernetes Events about this or any other object. */
    Events events();

    /**
     * Registers sub-handlers of this handler.
     *
     * @throws IllegalStateException for handlers other than change handlers, which cannot have sub-handlers
     */
    Subhandlers subhandlers();

    /** The raw watch event for event handlers ({@link On.Event}, {@code Registry.onEvent}); null for others. */
    default RawEvent rawEvent() {
        return null;
    }

    // Admission handlers ({@link On.Validate}, {@link On.Mutate}, {@code Registry.onValidate/onMutate}) only:

    /** Whether the admission request is a dry run; null outside admission handlers. */
    default DryRun dryRun() {
        return null;
    }

    /** Who sent the API request under admission review; null outside admission handlers. */
    default UserInfo userInfo() {
        return null;
    }

    /** The admission review request's HTTP headers; null outside admission handlers. */
    default Headers headers() {
        return null;
    }

    /** The API server's client certificate; null outside admission handlers. */
    default SslPeer sslPeer() {
        return null;
    }

    /** The API operation under admission review; null outside admission handlers. */
    default Operation operation() {
        return null;
    }

    /** The admission warnings to add to; null outside admission handlers. */
    default Warnings warnings() {
        return null;
    }

    /**
     * The stop flag of a timer or daemon ({@link On.Timer}, {@link On.Daemon}, {@code Registry.onTimer},
     * {@code Registry.onDaemon}); null for other handlers.
     */
    default Stopper stopper() {
        return null;
    }

    /**
     * The operator's index of that name (an {@link On.Index} handler's id, or the name given to
     * {@code Registry.onIndex}), as {@link Indexed} injects it; read-only and always current.
     *
     * @throws IllegalArgumentException when the operator has no index of that name
     */
    default <K, V> Index<K, V> index(String name) {
        throw new IllegalArgumentException("No index named '" + name + "' is available to this handler");
    }
}
