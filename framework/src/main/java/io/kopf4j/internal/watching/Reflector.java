package io.kopf4j.internal.watching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.LoginError;
import io.kopf4j.OperatorSettings;
import io.kopf4j.internal.cluster.ApiConnectionError;
import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.util.ThreadPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * List-then-watch of one resource kind, in one namespace or cluster-wide, on its own thread, for as long as it runs.
 * Every object is delivered to a {@link WatchListener}: first each listed object as a listing event (type null), then
 * the watch events from the list's resourceVersion on. Nothing is ever given up: a stream that ends is resumed, a
 * 410 relists, errors back off and retry, until {@link #stop()} (or a {@link LoginError}: no credentials work any
 * more, and the operator stops). Rejected credentials (401) are replaced by the request pipeline, which opens the
 * watch again with new ones.
 *
 * <h2>Invariants: nothing missed, nothing twice</h2>
 * <ol>
 *   <li><b>Order.</b> Events are delivered on one thread, in the server's order; a listener sees an object's events
 *       in increasing revisions.</li>
 *   <li><b>Resume.</b> After each delivered event the last-seen resourceVersion is that event's, and each BOOKMARK
 *       advances it too. A watch is only ever (re)opened from the last-seen version, and the server then sends exactly
 *       the changes after it: a cut stream, a server timeout, a silent stream closed for inactivity, a broken
 *       connection, a 5xx or a restarted server lose nothing and repeat nothing.</li>
 *   <li><b>Relist.</b> When the history needed to resume is gone (HTTP 410, or the ERROR event with code 410 that
 *       servers actually send) or the stream reports another error, the reflector lists again, a consistent read at a
 *       new version L, and reconciles it with what it has delivered: an object whose (uid, resourceVersion) was
 *       already delivered is not delivered again; a new or changed object is delivered as a listing event; an object
 *       delivered before but absent from the list is delivered as DELETED with its last known body and L as the
 *       event's version. Then it watches from L. So the final state of every object is delivered, no deletion in the
 *       gap is missed, and no (uid, resourceVersion) pair is delivered twice.</li>
 *   <li><b>Defence.</b> A watch event whose (uid, resourceVersion) equals the last delivered one is dropped (a server
 *       may legally not, but a proxy or a buggy server could replay), and so is one older than it, where both versions
 *       are numbers (a server whose list pages are not one snapshot may list an object at a version newer than the
 *       list's, and then watch its older changes from the list's version).</li>
 * </ol>
 * To reconcile, the reflector remembers the last delivered version and body of each live object (as client-go's
 * informer store does; Kopf does not, and so misses deletions that happen during a 410 gap). The body is kept as
 * compact JSON bytes, not as a tree (a fifth of the memory or less: an operator with many objects keeps only this
 * about most of them), and is inflated again only when it is needed: for a deletion noticed by a relist, and for
 * {@link #latest} and {@link #forEachLatest}, which give the operator the freshest body of an object again (e.g. for a
 * re-check when a handler's delay is over) without a second copy of its own. Listings go in pages of
 * {@link Config#listPageSize()} objects, as client-go's do, so that listing many objects never holds them all as one
 * body and one tree.
 *
 * <p>List items of built-in kinds come without {@code apiVersion} and {@code kind}; they are filled from the resource
 * kind, as Kopf does. {@link #lastEventAge()} is the time since the last sign of life (a list, an event, a bookmark),
 * for probes and metrics.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/watching.py} ({@code infinite_watch}, {@code continuous_watch},
 * {@code watch_objs}).
 */
public final class Reflector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Reflector.class);
    private static final Duration MIN_ERROR_BACKOFF = Duration.ofMillis(100);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /**
     * The watch settings (Kopf's {@code settings.watching}); null durations mean "none".
     *
     * @param serverTimeout     the {@code timeoutSeconds} asked of the server per watch request, or null
     * @param clientTimeout     the client-side limit of one whole watch request, or null
     * @param connectTimeout    the connection timeout of watch requests, or null for the client's own
     * @param reconnectBackoff  the pause before each new watch request (0.1 s)
     * @param backoffCap        the longest pause after repeated failures, which grow the pause twofold each
     * @param inactivityTimeout a stream with neither event nor bookmark for this long is closed and resumed (70 s)
     * @param labelSelector     a label selector sent with the list and the watch, or null
     * @param listPageSize      objects per page of a listing ({@code limit}), or 0 to list in one request
     */
    public record Config(Duration serverTimeout, Duration clientTimeout, Duration connectTimeout,
                         Duration reconnectBackoff, Duration backoffCap, Duration inactivityTimeout,
                         String labelSelector, int listPageSize) {
        /** Objects per page of a listing by default: client-go's and kubectl's 500. */
        public static final int DEFAULT_LIST_PAGE_SIZE = 500;

        public Config {
            Objects.requireNonNull(reconnectBackoff, "reconnectBackoff");
            Objects.requireNonNull(backoffCap, "backoffCap");
            Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
            if (inactivityTimeout.isZero() || inactivityTimeout.isNegative()) {
                throw new IllegalArgumentException("the inactivity timeout must be positive: " + inactivityTimeout);
            }
            if (listPageSize < 0) {
                throw new IllegalArgumentException("the list page size must not be negative: " + listPageSize);
            }
        }

        /** Kopf's defaults, with failures backing off up to 30 s, and listings in pages of 500 objects. */
        public static Config defaults() {
            return new Config(null, null, null, Duration.ofMillis(100), Duration.ofSeconds(30),
                    Duration.ofSeconds(70), null, DEFAULT_LIST_PAGE_SIZE);
        }

        /** From the operator's settings. */
        public static Config from(OperatorSettings.Watching w) {
            return defaults().withServerTimeout(w.serverTimeout().orElse(null))
                    .withClientTimeout(w.clientTimeout().orElse(null))
                    .withConnectTimeout(w.connectTimeout().orElse(null))
                    .withReconnectBackoff(w.reconnectBackoff())
                    .withInactivityTimeout(w.inactivityTimeout());
        }

        public Config withServerTimeout(Duration d) {
            return new Config(d, clientTimeout, connectTimeout, reconnectBackoff, backoffCap, inactivityTimeout,
                    labelSelector, listPageSize);
        }

        public Config withClientTimeout(Duration d) {
            return new Config(serverTimeout, d, connectTimeout, reconnectBackoff, backoffCap, inactivityTimeout,
                    labelSelector, listPageSize);
        }

        public Config withConnectTimeout(Duration d) {
            return new Config(serverTimeout, clientTimeout, d, reconnectBackoff, backoffCap, inactivityTimeout,
                    labelSelector, listPageSize);
        }

        public Config withReconnectBackoff(Duration d) {
            return new Config(serverTimeout, clientTimeout, connectTimeout, d, backoffCap, inactivityTimeout,
                    labelSelector, listPageSize);
        }

        public Config withBackoffCap(Duration d) {
            return new Config(serverTimeout, clientTimeout, connectTimeout, reconnectBackoff, d, inactivityTimeout,
                    labelSelector, listPageSize);
        }

        public Config withInactivityTimeout(Duration d) {
            return new Config(serverTimeout, clientTimeout, connectTimeout, reconnectBackoff, backoffCap, d,
                    labelSelector, listPageSize);
        }

        public Config withLabelSelector(String selector) {
            return new Config(serverTimeout, clientTimeout, connectTimeout, reconnectBackoff, backoffCap,
                    inactivityTimeout, selector, listPageSize);
        }

        public Config withListPageSize(int size) {
            return new Config(serverTimeout, clientTimeout, connectTimeout, reconnectBackoff, backoffCap,
                    inactivityTimeout, labelSelector, size);
        }
    }

    /** How one watch request ended. */
    private enum Ending { ENDED, INACTIVE, EXPIRED, FAILED, STOPPED }

    /**
     * What was last delivered about one live object: the event's type (null: listed), the version, and the body as
     * compact JSON (the same bytes as the delivered event's, so a queue that compacts the event shares them).
     */
    private record Known(String type, String resourceVersion, byte[] json) {
        /** The event again, with a body of its own (made from the JSON when first asked for). */
        WatchEvent event() {
            return new WatchEvent(type, null, json, resourceVersion);
        }
    }

    private final ClusterApi api;
    private final ResourceKind kind;
    private final String namespace;
    private final Config config;
    private final WatchListener listener;
    private final ThreadPlatform platform;
    private final InstantSource clock;
    private final String where;

    /** By identity; written by the reflector thread only, read by others through {@link #latest}. */
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    private int failures;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicLong listings = new AtomicLong();
    private final AtomicLong watchRequests = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean stopping;
    private volatile ClusterApi.WatchStream current;
    private volatile String lastVersion;
    private volatile Instant lastSignOfLife;
    /** Set once by {@link #start()}; volatile because {@link #isRunning()} reads it from any thread. */
    private volatile Thread thread;

    /**
     * @param namespace the namespace to watch, or null for cluster-wide (always for cluster-scoped kinds)
     */
    public Reflector(ClusterApi api, ResourceKind kind, String namespace, Config config, WatchListener listener,
                     ThreadPlatform platform, InstantSource clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.namespace = kind.namespaced() ? namespace : null;
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.platform = Objects.requireNonNull(platform, "platform");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.where = this.namespace == null ? "cluster-wide" : "in " + this.namespace;
        this.lastSignOfLife = clock.instant();
    }

    /** Starts the reflector's thread (virtual on JDK 21+). Once only. */
    public synchronized Reflector start() {
        if (thread != null) {
            throw new IllegalStateException("the reflector for " + kind + " " + where + " has already started");
        }
        lastSignOfLife = clock.instant();
        thread = platform.threadFactory("kopf-watch-" + kind.key() + (namespace == null ? "" : "@" + namespace))
                .newThread(this::run);
        thread.start();
        return this;
    }

    /**
     * Stops promptly: the open stream is closed from this thread, pauses end, an ongoing list is interrupted. Returns
     * once the reflector's thread has ended (or after a few seconds if it cannot); no event is delivered afterwards
     * unless this returned false.
     *
     * @return whether the thread has ended
     */
    public boolean stop() {
        stopping = true;
        stopSignal.countDown();
        ClusterApi.WatchStream s = current;
        if (s != null) {
            s.close();
        }
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            return true;
        }
        if (t != Thread.currentThread()) {
            t.interrupt();
            try {
                return finished.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Override
    public void close() {
        stop();
    }

    public ResourceKind kind() {
        return kind;
    }

    /** The watched namespace, or null when cluster-wide. */
    public String namespace() {
        return namespace;
    }

    /** The time since the last list, event or bookmark (or since the start, before any). */
    public Duration lastEventAge() {
        Duration age = Duration.between(lastSignOfLife, clock.instant());
        return age.isNegative() ? Duration.ZERO : age;
    }

    /** The resourceVersion the next watch resumes from; null before the first listing. */
    public String lastResourceVersion() {
        return lastVersion;
    }

    /** How many listings completed (the first and every relist). */
    public long listings() {
        return listings.get();
    }

    /** How many watch requests got a response stream. */
    public long watchRequests() {
        return watchRequests.get();
    }

    /** How many events were delivered to the listener. */
    public long deliveredEvents() {
        return delivered.get();
    }

    /**
     * For a scope that is gone as a whole (its namespace was deleted, so every object in it is): delivers a DELETED
     * event with its last known body for each object that was delivered and not seen deleted, and forgets it. Allowed
     * only once the reflector's thread has ended ({@link #stop()} returned true), so these events come after all others,
     * one at a time, on the caller's thread.
     *
     * @param resourceVersion the revision at which the objects are known gone (e.g. the namespace's deletion), or null
     * @return how many deletions were delivered
     * @throws IllegalStateException if the reflector is still running
     */
    public int deliverRemainingDeletions(String resourceVersion) {
        if (isRunning()) {
            throw new IllegalStateException("the reflector for " + kind + " " + where + " is still running: stop it "
                    + "before handing its objects on as deleted");
        }
        List<Known> remaining = new ArrayList<>(known.values());
        known.clear();
        for (Known gone : remaining) {
            deliver(new WatchEvent(WatchEvent.DELETED, null, gone.json(), resourceVersion));
        }
        return remaining.size();
    }

    /**
     * The last event delivered about a live object, again, with a fresh copy of its body (the object as the listener
     * last saw it): null when the object is not known (never seen, deleted, or not watched by this reflector).
     * Thread-safe.
     *
     * @param identity the object's identity: its uid (see {@link WatchEvent#identity()})
     */
    public WatchEvent latest(String identity) {
        Known k = known.get(identity);
        return k == null ? null : k.event();
    }

    /**
     * Gives the last event delivered about each live object, again, as {@link #latest} does (each with a fresh body,
     * made one at a time). Thread-safe; objects that change meanwhile may be given before or after their change.
     */
    public void forEachLatest(Consumer<WatchEvent> action) {
        for (Known k : known.values()) {
            action.accept(k.event());
        }
    }

    /** Whether the reflector has started and not yet ended. */
    public boolean isRunning() {
        return thread != null && finished.getCount() > 0;
    }

    private void run() {
        LOG.debug("Starting the watch-stream for {} {}.", kind, where);
        boolean mustList = true;
        try {
            while (!stopping) {
                try {
                    if (mustList) {
                        relist();
                        if (stopping) {
                            break;
                        }
                        mustList = false;
                        failures = 0;
                    }
                    Ending ending = watchOnce();
                    if (ending == Ending.STOPPED) {
                        break;
                    } else if (ending == Ending.EXPIRED) {
                        LOG.debug("Restarting the watch-stream for {} {}: the resourceVersion has expired.",
                                kind, where);
                        mustList = true;
                        pause(config.reconnectBackoff());
                    } else if (ending == Ending.FAILED) {
                        mustList = true;
                        pause(errorBackoff());
                    } else {
                        failures = 0;
                        pause(config.reconnectBackoff());
                    }
                } catch (ApiError e) {
                    if (stopping) {
                        break;
                    }
                    if (e.status() == 410) {
                        LOG.debug("Relisting {} {}: the watch or list request answered 410 Gone.", kind, where);
                        mustList = true;
                        pause(config.reconnectBackoff());
                        continue;
                    }
                    failures++;
                    Duration wait = errorBackoff();
                    if (e.isRetryable() && failures < 3) {
                        LOG.debug("The watch-stream for {} {} failed; retrying in {} ms: {}", kind, where,
                                wait.toMillis(), e.getMessage());
                    } else {
                        LOG.warn("The watch-stream for {} {} failed (attempt {}); retrying in {} ms: {}", kind,
                                where, failures, wait.toMillis(), e.getMessage());
                    }
                    pause(wait);
                } catch (LoginError e) {
                    // No credentials work any more: the operator stops (it logs why); retrying cannot help.
                    LOG.debug("Stopping the watch-stream for {} {}: {}", kind, where, e.getMessage());
                    break;
                } catch (RuntimeException e) {
                    if (stopping) {
                        break;
                    }
                    failures++;
                    mustList = true;
                    Duration wait = errorBackoff();
                    LOG.error("The watch-stream for {} {} failed unexpectedly; relisting in {} ms.", kind, where,
                            wait.toMillis(), e);
                    pause(wait);
                }
            }
        } finally {
            ClusterApi.WatchStream s = current;
            if (s != null) {
                s.close();
            }
            LOG.debug("Stopping the watch-stream for {} {}.", kind, where);
            finished.countDown();
        }
    }

    /** A consistent list; delivers what is new or changed, and the deletions that happened unseen. */
    private void relist() {
        Set<String> present = new HashSet<>();
        String listVersion = listPages(present);
        if (listVersion == null && stopping) {
            return;
        }
        List<String> vanished = new ArrayList<>();
        for (String id : known.keySet()) {
            if (!present.contains(id)) {
                vanished.add(id);
            }
        }
        for (String id : vanished) {
            Known gone = known.remove(id);
            LOG.debug("An object of {} {} was deleted while the watch-stream was down; delivering its deletion.",
                    kind, where);
            deliver(new WatchEvent(WatchEvent.DELETED, null, gone.json(), listVersion));
        }
        lastVersion = listVersion;
        listings.incrementAndGet();
        try {
            listener.onListed(kind, listVersion);
        } catch (RuntimeException e) {
            LOG.error("The listener of {} {} failed on the end of a listing.", kind, where, e);
        }
    }

    /**
     * Lists the kind page by page ({@link Config#listPageSize()} objects each, as client-go and kubectl do, so that a
     * listing of many objects is never one huge body in memory), delivering the new and changed objects of each page
     * before the next page is read. The pages are one consistent snapshot, at the first page's resourceVersion. If the
     * snapshot expires between pages (410 for the continue token), the error ends this listing and the next one starts
     * from the first page; what this one delivered is not delivered again unless it changed.
     *
     * @param present collects the identities of the listed objects
     * @return the listing's resourceVersion; null when stopping
     */
    private String listPages(Set<String> present) {
        String base = kind.collectionPath(namespace);
        String selector = config.labelSelector() == null ? null : "labelSelector=" + encode(config.labelSelector());
        int pageSize = config.listPageSize();
        String listVersion = null;
        String token = null;
        while (true) {
            StringBuilder path = new StringBuilder(base);
            char sep = '?';
            if (pageSize > 0) {
                path.append(sep).append("limit=").append(pageSize);
                sep = '&';
            }
            if (selector != null) {
                path.append(sep).append(selector);
                sep = '&';
            }
            if (token != null) {
                path.append(sep).append("continue=").append(encode(token));
            }
            JsonNode page = api.list(path.toString());
            Thread.interrupted();  // an interrupt that came too late to break the request is not needed any more
            if (stopping) {
                return null;
            }
            touch();
            if (listVersion == null) {
                listVersion = WatchEvent.versionOf(page);
            }
            for (JsonNode item : page.path("items")) {
                if (stopping) {
                    return null;
                }
                fillKind(item);
                String id = WatchEvent.identity(item);
                present.add(id);
                String version = WatchEvent.versionOf(item);
                Known before = known.get(id);
                if (before != null && version != null && version.equals(before.resourceVersion())) {
                    continue;  // delivered already, unchanged since
                }
                byte[] json = WatchEvent.write(item);
                known.put(id, new Known(null, version, json));
                deliver(new WatchEvent(null, item, json, version));
            }
            JsonNode next = page.path("metadata").path("continue");
            token = pageSize > 0 && next.isTextual() && !next.asText().isEmpty() ? next.asText() : null;
            if (token == null) {
                return listVersion;
            }
        }
    }

    /** One watch request from the last-seen version, read until it ends. */
    private Ending watchOnce() {
        StringBuilder path = new StringBuilder(kind.collectionPath(namespace))
                .append("?watch=true&allowWatchBookmarks=true");
        if (lastVersion != null) {
            path.append("&resourceVersion=").append(encode(lastVersion));
        }
        if (config.serverTimeout() != null) {
            path.append("&timeoutSeconds=").append(Math.max(1, config.serverTimeout().toSeconds()));
        }
        if (config.labelSelector() != null) {
            path.append("&labelSelector=").append(encode(config.labelSelector()));
        }
        ClusterApi.WatchStream stream = api.watch(path.toString(), new ClusterApi.WatchOptions(
                config.inactivityTimeout(), config.clientTimeout(), config.connectTimeout()));
        current = stream;
        try (stream) {
            if (stopping) {
                return Ending.STOPPED;
            }
            watchRequests.incrementAndGet();
            while (true) {
                JsonNode raw;
                try {
                    raw = stream.next();
                } catch (ApiConnectionError e) {
                    if (stopping) {
                        return Ending.STOPPED;
                    }
                    if (e.timedOut()) {
                        LOG.debug("The watch-stream for {} {} is inactive (or timed out), reconnecting.", kind,
                                where);
                        return Ending.INACTIVE;
                    }
                    throw e;
                }
                if (raw == null) {
                    return stopping ? Ending.STOPPED : Ending.ENDED;
                }
                touch();
                String type = raw.path("type").asText("");
                JsonNode object = raw.path("object");
                switch (type) {
                    case "ERROR":
                        if (object.path("code").asInt() == 410) {
                            return Ending.EXPIRED;
                        }
                        LOG.warn("Error in the watch-stream for {} {}; relisting: {} {}", kind, where,
                                object.path("code").asInt(), object.path("message").asText(""));
                        failures++;
                        return Ending.FAILED;
                    case "BOOKMARK":
                        String bookmarked = WatchEvent.versionOf(object);
                        if (bookmarked != null) {
                            lastVersion = bookmarked;
                        }
                        break;
                    case WatchEvent.ADDED:
                    case WatchEvent.MODIFIED:
                    case WatchEvent.DELETED:
                        if (!object.isObject()) {
                            LOG.warn("Ignoring a {} event without an object in the watch-stream for {} {}.", type,
                                    kind, where);
                            break;
                        }
                        watched(type, object);
                        break;
                    default:
                        LOG.warn("Ignoring an unsupported event type in the watch-stream for {} {}: {}", kind,
                                where, type);
                }
                if (stopping) {
                    return Ending.STOPPED;
                }
            }
        } finally {
            current = null;
        }
    }

    private void watched(String type, JsonNode object) {
        fillKind(object);
        String id = WatchEvent.identity(object);
        String version = WatchEvent.versionOf(object);
        Known before = known.get(id);
        if (before != null && version != null && !newer(version, before.resourceVersion())) {
            LOG.debug("Dropping a repeated or older {} event at resourceVersion {} (delivered: {}) from the "
                    + "watch-stream for {} {}.", type, version, before.resourceVersion(), kind, where);
            lastVersion = version;
            return;
        }
        byte[] json = WatchEvent.write(object);
        if (WatchEvent.DELETED.equals(type)) {
            known.remove(id);
        } else {
            known.put(id, new Known(type, version, json));
        }
        deliver(new WatchEvent(type, object, json, version));
        if (version != null) {
            lastVersion = version;
        }
    }

    /** Whether {@code version} is not the delivered one, nor (where both are numbers) older than it. */
    private static boolean newer(String version, String delivered) {
        if (version.equals(delivered)) {
            return false;
        }
        Long v = WatchEvent.numericVersion(version);
        Long d = delivered == null ? null : WatchEvent.numericVersion(delivered);
        return v == null || d == null || v > d;
    }

    private void deliver(WatchEvent event) {
        delivered.incrementAndGet();
        try {
            listener.onEvent(kind, event);
        } catch (RuntimeException e) {
            LOG.error("The listener of {} {} failed on {}; the event is not retried.", kind, where, event, e);
        }
    }

    /** Built-in list items lack apiVersion and kind; every body handed on has them. */
    private void fillKind(JsonNode object) {
        if (object instanceof ObjectNode o) {
            if (!o.path("apiVersion").isTextual() || o.path("apiVersion").asText().isEmpty()) {
                o.put("apiVersion", kind.apiVersion());
            }
            if (!o.path("kind").isTextual() || o.path("kind").asText().isEmpty()) {
                o.put("kind", kind.kind());
            }
        }
    }

    private void touch() {
        lastSignOfLife = clock.instant();
    }

    /** The pause after {@link #failures} consecutive failures: the reconnect backoff doubled each time, capped. */
    private Duration errorBackoff() {
        Duration base = config.reconnectBackoff().compareTo(MIN_ERROR_BACKOFF) < 0 ? MIN_ERROR_BACKOFF
                : config.reconnectBackoff();
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration grown = base.multipliedBy(1L << doublings);
        return grown.compareTo(config.backoffCap()) > 0 ? config.backoffCap() : grown;
    }

    private void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            stopSignal.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Only stop() interrupts this thread; the loop sees the flag.
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Reflector[" + kind + " " + where + "]";
    }
}
