package io.kopf4j.internal.lifecycle;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The reflectors of one operator: one per served resource kind and namespace (or one cluster-wide one). Specific
 * namespace names get a reflector each; patterns with globs or exclusions get a cluster-wide reflector whose events
 * are filtered by the patterns. Tracks which reflectors have delivered their first listing, for readiness. Not API.
 */
final class Watchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchers.class);

    private final ClusterApi api;
    private final ThreadPlatform platform;
    private final InstantSource clock;
    private final Reflector.Config config;
    private final NamespacePatterns patterns;
    private final boolean clusterWide;
    private final List<String> namespaces;
    private final Map<String, Reflector> reflectors = new ConcurrentHashMap<>();
    private final Set<String> listed = ConcurrentHashMap.newKeySet();

    /**
     * @param namespaces the namespace patterns; empty = cluster-wide
     */
    Watchers(ClusterApi api, Reflector.Config config, List<String> namespaces, ThreadPlatform platform,
             InstantSource clock) {
        this.api = api;
        this.platform = platform;
        this.clock = clock;
        this.config = config;
        this.patterns = NamespacePatterns.of(namespaces);
        this.clusterWide = namespaces.isEmpty();
        this.namespaces = List.copyOf(namespaces);
    }

    /** The namespaces to watch one by one, or a list with just null for one cluster-wide (filtered) reflector. */
    private List<String> scopes(ResourceKind kind) {
        List<String> out = new ArrayList<>();
        if (!kind.namespaced() || clusterWide) {
            out.add(null);
            return out;
        }
        Set<String> specific = patterns.specificNamespaces();
        if (namespaces.stream().allMatch(NamespacePatterns::isSpecific)) {
            out.addAll(specific);
        } else {
            out.add(null);
        }
        return out;
    }

    /** Starts the reflectors of a kind (idempotent); events go to {@code listener} after namespace filtering. */
    void watch(ResourceKind kind, String labelSelector, WatchListener listener) {
        for (String ns : scopes(kind)) {
            String key = kind.key() + "@" + (ns == null ? "*" : ns);
            reflectors.computeIfAbsent(key, k -> {
                WatchListener filtered = new WatchListener() {
                    @Override
                    public void onEvent(ResourceKind kind, WatchEvent event) {
                        if (served(kind, ns, event)) {
                            listener.onEvent(kind, event);
                        }
                    }

                    @Override
                    public void onListed(ResourceKind kind, String resourceVersion) {
                        listed.add(key);
                        listener.onListed(kind, resourceVersion);
                    }
                };
                Reflector.Config c = labelSelector == null || labelSelector.isEmpty() ? config
                        : config.withLabelSelector(labelSelector);
                LOG.debug("watching {} {}", kind, ns == null ? "cluster-wide" : "in namespace " + ns);
                return new Reflector(api, kind, ns, c, filtered, platform, clock).start();
            });
        }
    }

    /** Whether an event of a reflector (in namespace {@code ns}, or cluster-wide: null) passes the namespace patterns. */
    private boolean served(ResourceKind kind, String ns, WatchEvent event) {
        return !kind.namespaced() || clusterWide || ns != null
                || patterns.matches(event.namespace() == null ? "" : event.namespace());
    }

    /**
     * The last event delivered about an object, again, with a fresh copy of its body (see {@link Reflector#latest});
     * null when no reflector of the kind knows it now (deleted, or the kind is not watched any more).
     *
     * @param namespace the object's namespace, or null for a cluster-scoped object
     * @param identity  the object's identity ({@link WatchEvent#identity()})
     */
    WatchEvent latest(ResourceKind kind, String namespace, String identity) {
        for (String scope : namespace == null ? List.of("*") : List.of(namespace, "*")) {
            Reflector r = reflectors.get(kind.key() + "@" + scope);
            WatchEvent e = r == null ? null : r.latest(identity);
            if (e != null && served(kind, r.namespace(), e)) {
                return e;
            }
        }
        return null;
    }

    /** Gives the last event delivered about each object now known, again, as {@link #latest} does. */
    void forEachLatest(BiConsumer<ResourceKind, WatchEvent> action) {
        for (Reflector r : reflectors.values()) {
            r.forEachLatest(e -> {
                if (served(r.kind(), r.namespace(), e)) {
                    action.accept(r.kind(), e);
                }
            });
        }
    }

    /** Stops the reflectors of a kind that is no longer served. */
    void unwatch(ResourceKind kind) {
        reflectors.entrySet().removeIf(e -> {
            if (e.getValue().kind().key().equals(kind.key())) {
                e.getValue().close();
                listed.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Whether every started reflector has delivered its first listing. */
    boolean allListed() {
        return listed.containsAll(reflectors.keySet());
    }

    /** Whether the kind (by its key) is watched and every one of its reflectors has delivered its first listing. */
    boolean allListed(String kindKey) {
        boolean watched = false;
        for (String key : reflectors.keySet()) {
            if (key.startsWith(kindKey + "@")) {
                watched = true;
                if (!listed.contains(key)) {
                    return false;
                }
            }
        }
        return watched;     // a kind that is not watched yet has listed nothing
    }

    List<Reflector> reflectors() {
        return List.copyOf(reflectors.values());
    }

    @Override
    public void close() {
        for (Reflector r : reflectors.values()) {
            r.stop();
        }
        reflectors.clear();
    }
}
