package io.kopf4j.internal.lifecycle;

import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ApiForbiddenError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.util.NamespacePatterns;
import io.kopf4j.internal.util.ThreadPlatform;
import io.kopf4j.internal.watching.Reflector;
import io.kopf4j.internal.watching.WatchEvent;
import io.kopf4j.internal.watching.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Observes the cluster's namespaces (one cluster-wide list-then-watch of {@code namespaces}) and tells which of them
 * the namespace patterns serve: a namespace is served from when it is listed or added and matches the patterns, until
 * it is deleted. Kopf: {@code observation.py} ({@code namespace_observer}, {@code revise_namespaces}).
 *
 * <p>Unlike Kopf, a namespace that is terminating (it has a {@code deletionTimestamp}) is still served until it is
 * gone: the API server removes it only once its objects are gone, and objects that carry the operator's finalizer are
 * released only by the operator, which must therefore still see their deletion. Kopf stops watching at once, so such
 * a namespace stays terminating until the finalizers are removed by hand.
 *
 * <p>Not API.
 */
final class NamespaceObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceObserver.class);

    /** The core {@code namespaces} resource, the same on every cluster. */
    static final ResourceKind NAMESPACES = new ResourceKind("", "v1", "namespaces", "namespace", "Namespace",
            Set.of("ns"), Set.of(), false, Set.of("create", "delete", "get", "list", "patch", "update", "watch"),
            Set.of("status", "finalize"), true);

    /** Where the observations go; called on the observer's own thread, one at a time, in the server's order. */
    interface Target {
        /** The namespace exists and matches the patterns (told again on every event; must be idempotent). */
        void served(String namespace);

        /**
         * The namespace is gone or not served (told for every such event; must be idempotent).
         *
         * @param resourceVersion the revision at which it is known gone, or null
         */
        void gone(String namespace, String resourceVersion);
    }

    private final ClusterApi api;
    private final Reflector.Config config;
    private final NamespacePatterns patterns;
    private final Target target;
    private final ThreadPlatform platform;
    private final InstantSource clock;
    private volatile Reflector reflector;
    private volatile boolean listed;

    NamespaceObserver(ClusterApi api, Reflector.Config config, NamespacePatterns patterns, Target target,
                      ThreadPlatform platform, InstantSource clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.config = Objects.requireNonNull(config, "config").withLabelSelector(null);
        this.patterns = Objects.requireNonNull(patterns, "patterns");
        this.target = Objects.requireNonNull(target, "target");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether the namespace of an event is to be served: it is not deleted, and the patterns match its name.
     *
     * @param event a watch event of a namespace
     * @param patterns the namespace patterns
     * @return true to serve it, false to stop serving it (if served)
     */
    static boolean serves(WatchEvent event, NamespacePatterns patterns) {
        return !event.isDeletion() && event.name() != null && patterns.matches(event.name());
    }

    /**
     * Checks once that namespaces may be listed, then starts observing them.
     *
     * @return false when listing namespaces is forbidden (403): nothing is observed then
     */
    boolean start() {
        try {
            api.with(api.config().withErrorBackoffs(List.of())).list(NAMESPACES.collectionPath(null) + "?limit=1");
        } catch (ApiForbiddenError e) {
            LOG.debug("Listing namespaces is forbidden: {}", e.getMessage());
            return false;
        } catch (ApiError e) {
            LOG.debug("Namespaces could not be listed yet ({}); the watch-stream retries.", e.getMessage());
        }
        reflector = new Reflector(api, NAMESPACES, null, config, new WatchListener() {
            @Override
            public void onEvent(ResourceKind kind, WatchEvent event) {
                String name = event.name();
                if (name == null) {
                    return;
                }
                if (serves(event, patterns)) {
                    target.served(name);
                } else {
                    target.gone(name, event.resourceVersion());
                }
            }

            @Override
            public void onListed(ResourceKind kind, String resourceVersion) {
                listed = true;
            }
        }, platform, clock).start();
        return true;
    }

    /** Whether the namespaces have been listed once (every served one is known). */
    boolean listed() {
        return listed;
    }

    /** The observing reflector, or null before {@link #start()}. */
    Reflector reflector() {
        return reflector;
    }

    @Override
    public void close() {
        Reflector r = reflector;
        if (r != null) {
            r.stop();
        }
    }
}
