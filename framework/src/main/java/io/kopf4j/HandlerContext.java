package io.kopf4j;

import org.slf4j.Logger;

/** Everything a handler may be given, for handlers written as lambdas ({@link Handler}). */
public interface HandlerContext {
    Body body();

    Spec spec();

    Meta meta();

    Status status();

    Patch patch();

    Diff diff();

    Old old();

    New newValue();

    Reason reason();

    Retry retry();

    Started started();

    Runtime runtime();

    Logger logger();

    Memo memo();

    Param param();

    Resource resource();

    Events events();

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
