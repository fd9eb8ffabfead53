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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The reflectors of one operator: one per served resource kind and served namespace, or one per kind cluster-wide.
 * Cluster-scoped kinds are always watched cluster-wide. For namespaced kinds, the namespace patterns decide
 * (Kopf: {@code orchestration.py}, {@code observation.py}):
 * <ul>
 *   <li>no patterns ({@code -A}): one cluster-wide reflector per kind;</li>
 *   <li>only exact names ({@code -n a -n b}): one reflector per kind in each named namespace, from the start (a
 *       namespace that does not exist yet is simply empty until it is created);</li>
 *   <li>globs, exclusions, comma lists or regular expressions: the cluster's namespaces are observed
 *       ({@link NamespaceObserver}), and each namespace that matches gets a reflector per kind when it appears; when it
 *       is deleted, its reflectors stop, and every object they still knew is handed on as deleted (so its daemons and
 *       timers stop, its index entries and memory go). No namespaced kind is then ever watched cluster-wide, so the
 *       operator needs RBAC only in the namespaces it serves, plus list/watch on {@code namespaces}. When listing
 *       the namespaces is forbidden (403), one warning says so and the exact names among the patterns are watched
 *       instead, as in Kopf. With {@code scanning.disabled}, only the exact names are watched.</li>
 * </ul>
 * Tracks which reflectors have delivered their first listing, for readiness. Not API.
 */
final class Watchers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Watchers.class);

    /** One watched kind: what its reflectors are made with, in every namespace it is watched in. */
    private record Registration(ResourceKind kind, String labelSelector, WatchListener listener) {
    }

    private final ClusterApi api;
    private final ThreadPlatform platform;
    private final InstantSource clock;
    private final Reflector.Config config;
    private final NamespacePatterns patterns;
    private final boolean clusterWide;
    /** The namespaces namespaced kinds are watched in now (unless cluster-wide); guarded by this. */
    private final Set<String> namespaces = new LinkedHashSet<>();
    /** By kind key; written under this, read freely. */
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    /** By {@code kindKey@namespace} ({@code @*} when cluster-wide); written under this, read freely. */
    private final Map<String, Reflector> reflectors = new ConcurrentHashMap<>();
    private final Set<String> listed = ConcurrentHashMap.newKeySet();
    /** Set once closed: no namespace starts reflectors any more; guarded by this. */
    private boolean closed;
    /** Observes the cluster's namespaces when the patterns need it; null otherwise, or after a fallback. */
    private volatile NamespaceObserver observer;
    private volatile NamespaceListener listener;

    /**
     * @param namespaces       the namespace patterns; empty = cluster-wide
     * @param scanningDisabled Kopf's {@code scanning.disabled}: serve only the exact names, observe nothing
     */
    Watchers(ClusterApi api, Reflector.Config config, List<String> namespaces, boolean scanningDisabled,
             ThreadPlatform platform, InstantSource clock) {
        this.api = api;
        this.platform = platform;
        this.clock = clock;
        this.config = config;
        this.patterns = NamespacePatterns.of(namespaces);
        this.clusterWide = namespaces.isEmpty();
        if (clusterWide) {
            return;
        }
        if (patterns.allSpecific() || scanningDisabled) {
            if (!patterns.allSpecific()) {
                LOG.warn("Scanning is disabled: the namespace patterns {} serve no namespace; only the exact names {} "
                        + "are watched.", patterns.nonSpecificPatterns(), patterns.specificNamespaces());
            }
            this.namespaces.addAll(patterns.specificNamespaces());
        } else {
            this.observer = new NamespaceObserver(api, config, patterns, new NamespaceObserver.Target() {
                @Override
                public void served(String namespace) {
                    serveNamespace(namespace, "it matches the namespace patterns");
                }

                @Override
                public void gone(String namespace, String resourceVersion) {
                    dropNamespace(namespace, resourceVersion);
                }
            }, platform, clock);
        }
    }

    /**
     * Starts observing the namespaces if the patterns need it. When listing namespaces is forbidden, warns once and
     * falls back to the exact names among the patterns.
     */
    void start() {
        NamespaceObserver o = observer;
        if (o == null || o.start()) {
            return;
        }
        observer = null;
        Set<String> exact = patterns.specificNamespaces();
        LOG.warn("Not enough permissions to list namespaces (403 Forbidden): the namespace patterns {} cannot be "
                        + "matched and serve no namespace; falling back to the exactly named namespaces, assumed to "
                        + "exist: {}. Grant \"list\" and \"watch\" on \"namespaces\" cluster-wide to serve the patterns.",
                patterns.nonSpecificPatterns(), exact);
        for (String ns : exact) {
            serveNamespace(ns, "it is named exactly");
        }
    }

    /** The namespaces to watch the kind in now, or a list with just null for cluster-wide. */
    private List<String> scopes(ResourceKind kind) {
        List<String> out = new ArrayList<>();
        if (!kind.namespaced() || clusterWide) {
            out.add(null);
        } else {
            out.addAll(namespaces);
        }
        return out;
    }

    /**
     * Watches a kind (idempotent: the first registration of a kind stays until {@link #unwatch}): starts its reflectors
     * now, and in each namespace that appears later.
     */
    synchronized void watch(ResourceKind kind, String labelSelector, WatchListener listener) {
        if (closed) {
            return;
        }
        Registration r = registrations.computeIfAbsent(kind.key(),
                k -> new Registration(kind, labelSelector, listener));
        for (String ns : scopes(r.kind())) {
            startReflector(r, ns);
        }
    }

    private void startReflector(Registration r, String ns) {
        String key = r.kind().key() + "@" + (ns == null ? "*" : ns);
        reflectors.computeIfAbsent(key, k -> {
            WatchListener tracking = new WatchListener() {
                @Override
                public void onEvent(ResourceKind kind, WatchEvent event) {
                    r.listener().onEvent(kind, event);
                }

                @Override
                public void onListed(ResourceKind kind, String resourceVersion) {
                    listed.add(key);
                    r.listener().onListed(kind, resourceVersion);
                }
            };
            Reflector.Config c = r.labelSelector() == null || r.labelSelector().isEmpty() ? config
                    : config.withLabelSelector(r.labelSelector());
            LOG.debug("watching {} {}", r.kind(), ns == null ? "cluster-wide" : "in namespace " + ns);
            return new Reflector(api, r.kind(), ns, c, tracking, platform, clock).start();
        });
    }

    /** A namespace to serve (it appeared and matches): every namespaced kind watched gets a reflector in it. */
    private void serveNamespace(String namespace, String why) {
        NamespaceListener l = listener;
        if (l != null && !clusterWide) {
            l.served(namespace);    // before its objects are delivered; outside the lock (it may pause the operator)
        }
        synchronized (this) {
            if (clusterWide || closed || !namespaces.add(namespace)) {
                return;
            }
            LOG.info("Serving namespace {}: {}.", namespace, why);
            for (Registration r : registrations.values()) {
                if (r.kind().namespaced()) {
                    startReflector(r, namespace);
                }
            }
        }
    }

    /** Told when namespaces start and stop being served as they appear and go (with namespace patterns). */
    interface NamespaceListener {
        /** The namespace is served from now on (called again for one served already). */
        void served(String namespace);

        /** The namespace is gone and no longer served. */
        void gone(String namespace);
    }

    /** Sets who is told about namespaces that start or stop being served; before {@link #start()}. */
    void follow(NamespaceListener l) {
        this.listener = l;
    }

    /**
     * A namespace that is gone: its reflectors stop, then every object they still knew is delivered as DELETED at
     * {@code resourceVersion} (the namespace is removed only once it is empty, so every object in it is gone).
     */
    private void dropNamespace(String namespace, String resourceVersion) {
        List<Reflector> stopping = new ArrayList<>();
        synchronized (this) {
            if (!namespaces.remove(namespace)) {
                return;
            }
            reflectors.entrySet().removeIf(e -> {
                if (namespace.equals(e.getValue().namespace())) {
                    stopping.add(e.getValue());
                    listed.remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        int forgotten = 0;
        for (Reflector r : stopping) {
            if (r.stop()) {
                forgotten += r.deliverRemainingDeletions(resourceVersion);
            } else {
                LOG.warn("The watch-stream for {} in the deleted namespace {} did not stop in time; its objects are "
                        + "forgotten when it does.", r.kind(), namespace);
            }
        }
        NamespaceListener l = listener;
        if (l != null) {
            l.gone(namespace);
        }
        LOG.info("Namespace {} is gone: stopped its watch-streams ({}){}.", namespace, stopping.size(),
                forgotten == 0 ? "" : "; " + forgotten + " objects not seen deleted are handled as deleted");
    }

    /**
     * The last event delivered about an object, again, with a fresh copy of its body (see {@link Reflector#latest});
     * null when no reflector of the kind knows it now (deleted, or the kind or namespace is not watched any more).
     *
     * @param namespace the object's namespace, or null for a cluster-scoped object
     * @param identity  the object's identity ({@link WatchEvent#identity()})
     */
    WatchEvent latest(ResourceKind kind, String namespace, String identity) {
        for (String scope : namespace == null ? List.of("*") : List.of(namespace, "*")) {
            Reflector r = reflectors.get(kind.key() + "@" + scope);
            WatchEvent e = r == null ? null : r.latest(identity);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** Gives the last event delivered about each object now known, again, as {@link #latest} does. */
    void forEachLatest(BiConsumer<ResourceKind, WatchEvent> action) {
        for (Reflector r : reflectors.values()) {
            r.forEachLatest(e -> action.accept(r.kind(), e));
        }
    }

    /** Stops the reflectors of a kind that is no longer served. */
    synchronized void unwatch(ResourceKind kind) {
        registrations.remove(kind.key());
        reflectors.entrySet().removeIf(e -> {
            if (e.getValue().kind().key().equals(kind.key())) {
                e.getValue().close();
                listed.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** Whether the namespaces (if observed) and every started reflector have delivered their first listing. */
    boolean allListed() {
        NamespaceObserver o = observer;
        return (o == null || o.listed()) && listed.containsAll(reflectors.keySet());
    }

    /**
     * Whether the kind (by its key) is watched and has its first listing everywhere: the namespaces (if observed) are
     * listed, and every reflector of the kind has delivered its first listing.
     */
    boolean allListed(String kindKey) {
        Registration r = registrations.get(kindKey);
        if (r == null) {
            return false;     // a kind that is not watched yet has listed nothing
        }
        NamespaceObserver o = observer;
        if (r.kind().namespaced() && o != null && !o.listed()) {
            return false;
        }
        for (String key : reflectors.keySet()) {
            if (key.startsWith(kindKey + "@") && !listed.contains(key)) {
                return false;
            }
        }
        return true;
    }

    /** Every reflector, the namespace observer's included (for probes and metrics). */
    List<Reflector> reflectors() {
        List<Reflector> out = new ArrayList<>(reflectors.values());
        NamespaceObserver o = observer;
        if (o != null && o.reflector() != null) {
            out.add(o.reflector());
        }
        return List.copyOf(out);
    }

    @Override
    public void close() {
        NamespaceObserver o = observer;
        if (o != null) {
            o.close();
        }
        synchronized (this) {
            closed = true;
            for (Reflector r : reflectors.values()) {
                r.stop();
            }
            reflectors.clear();
        }
    }
}
