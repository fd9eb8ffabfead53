package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.LoginError;
import io.kopf4j.internal.cluster.DiscoveryDocuments.GroupVersion;
import io.kopf4j.internal.model.ResourceKind;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The tolerant discovery scanner: finds every resource the cluster serves, and keeps finding them.
 *
 * <p>It reads {@code /api} and {@code /apis}, then every listed group/version concurrently. A group/version that fails
 * in any way (404, 403, any 5xx such as the 503 of an aggregated APIService without a backend, a timeout, a body that
 * is not JSON or not shaped like an {@code APIResourceList}) is skipped: one WARNING names it and the reason, and it is
 * retried in the background with backoff until it answers, which is logged once at INFO. Start-up never waits for it
 * beyond one request timeout and never fails because of it. The same holds for the root documents themselves.
 * Resources that appear later (a recovered group/version, a new CRD found by a {@linkplain #rescan() rescan}) or
 * disappear are reported to the {@link Listener}.
 *
 * <p>A group/version that fails after having answered keeps its last known resources (no flapping of the watches on
 * them); one that the root documents stop listing is dropped and its resources are reported as gone.
 *
 * <p>Kopf tolerates only a 404 here and dies on the 503 (nolar/kopf#1169). Not API. Kopf:
 * {@code kopf/_cogs/clients/scanning.py}, {@code kopf/_core/reactor/observation.py} (ambiguity, missing names).
 */
public final class Scanner implements AutoCloseable {

    /**
     * The scanner's settings.
     *
     * @param requestTimeout the limit of each discovery request; start-up waits at most about twice this long (the
     *                       root documents, then the group/versions in parallel)
     * @param retryBackoffs  the waits between background retries of a failing group/version; the last one repeats for
     *                       ever (default: Kopf's {@code networking.error_backoffs}, 1, 1, 2, 3, 5, 8, 13, 21 s)
     * @param rescanInterval how often to rescan everything (new CRDs, removed groups), or null for only on
     *                       {@link #rescan()} (the caller rescans when it sees a CRD or APIService change)
     */
    public record Config(Duration requestTimeout, List<Duration> retryBackoffs, Duration rescanInterval) {
        public Config {
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            retryBackoffs = List.copyOf(retryBackoffs);
            if (retryBackoffs.isEmpty()) {
                throw new IllegalArgumentException("the retries of failing group/versions need at least one backoff");
            }
        }

        public static Config defaults() {
            return new Config(Duration.ofSeconds(5), ClusterApi.Config.defaults().errorBackoffs(),
                    Duration.ofMinutes(1));
        }
    }

    /** Told about resources that appear and disappear after {@link #start()}. Called on a background thread. */
    public interface Listener {
        /** Listens to nothing. */
        Listener NONE = new Listener() {
        };

        /** New kinds, or kinds whose definition changed (names, verbs, subresources, preferred version). */
        default void appeared(Set<ResourceKind> kinds) {
        }

        /** Kinds no longer served. */
        default void disappeared(Set<ResourceKind> kinds) {
        }
    }

    /**
     * What a selector string resolved to.
     *
     * @param selector the string as given
     * @param kinds    the matching kinds (one when {@link Outcome#FOUND})
     * @param outcome  found, ambiguous, or missing
     * @param warning  what to warn about, empty when found
     */
    public record Resolution(String selector, Set<ResourceKind> kinds, Outcome outcome, Optional<String> warning) {
        public enum Outcome { FOUND, AMBIGUOUS, MISSING }

        /** The one kind, when found. */
        public Optional<ResourceKind> kind() {
            return outcome == Outcome.FOUND ? Optional.of(kinds.iterator().next()) : Optional.empty();
        }
    }

    /** The known state of one group/version (or a root document, with {@code gv == null}). */
    private static final class Source {
        final String name;
        final GroupVersion gv;
        List<ResourceKind> kinds = List.of();
        boolean failing;
        int attempts;
        ScheduledFuture<?> retry;

        Source(String name, GroupVersion gv) {
            this.name = name;
            this.gv = gv;
        }
    }

    private static final String CORE_ROOT = "/api";
    private static final String GROUPS_ROOT = "/apis";

    private final ClusterApi api;
    private final Config config;
    private final Listener listener;
    private final LogSink log;
    private final ExecutorService fetchers;
    private final ScheduledExecutorService scheduler;
    private final Object deliveries = new Object();

    // Guarded by this.
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private final Map<String, Source> roots = new HashMap<>();
    private Map<String, ResourceKind> snapshot = Map.of();
    private boolean started;
    private boolean baselineTaken;
    private boolean closed;

    public Scanner(ClusterApi api, Config config, Listener listener) {
        this(api, config, listener, LogSink.of(LoggerFactory.getLogger(Scanner.class)));
    }

    public Scanner(ClusterApi api, Config config, Listener listener, LogSink log) {
        this.config = Objects.requireNonNull(config, "config");
        // One attempt per request: the scanner retries in the background itself, so nothing blocks on backoffs.
        this.api = api.with(api.config().withErrorBackoffs(List.of()).withRequestTimeout(config.requestTimeout()));
        this.listener = Objects.requireNonNull(listener, "listener");
        this.log = Objects.requireNonNull(log, "log");
        this.fetchers = Executors.newCachedThreadPool(daemons("kopf4j-discovery-"));
        this.scheduler = Executors.newScheduledThreadPool(1, daemons("kopf4j-discovery-retry-"));
        roots.put(CORE_ROOT, new Source(CORE_ROOT, null));
        roots.put(GROUPS_ROOT, new Source(GROUPS_ROOT, null));
    }

    /**
     * Scans once, then keeps the background work going (retries, periodic rescans). Returns the resources found;
     * everything that failed is warned about and retried, never thrown. Takes at most about twice the request timeout.
     */
    public Set<ResourceKind> start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("the scanner is already started");
            }
            started = true;
        }
        scan();
        if (config.rescanInterval() != null) {
            long every = config.rescanInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::scanQuietly, every, every, TimeUnit.MILLISECONDS);
        }
        synchronized (deliveries) {
            synchronized (this) {
                // Changes merged before this point are in the returned set; later ones go to the listener.
                baselineTaken = true;
                return Set.copyOf(snapshot.values());
            }
        }
    }

    /** Asks for a full rescan in the background (e.g. when a CRD or an APIService was added or removed). */
    public void rescan() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        scheduler.execute(this::scanQuietly);
    }

    /**
     * Asks for a full rescan after a delay: an API server updates its discovery documents a moment after a CRD or an
     * APIService changes (a deleted CRD stays served until its objects are gone), so a rescan right at the change
     * can still see the old state.
     */
    public void rescanAfter(Duration delay) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        scheduler.schedule(this::scanQuietly, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every resource kind known now. */
    public synchronized Set<ResourceKind> resources() {
        return Set.copyOf(snapshot.values());
    }

    /** The group/versions (and root documents) failing now, e.g. {@code metrics.k8s.io/v1beta1}. */
    public synchronized Set<String> unavailable() {
        Set<String> out = new TreeSet<>();
        for (Source s : sources.values()) {
            if (s.failing) {
                out.add(s.name);
            }
        }
        for (Source s : roots.values()) {
            if (s.failing) {
                out.add(s.name);
            }
        }
        return out;
    }

    /**
     * Resolves a name in any form ({@code kopfexamples}, {@code KopfExample}, {@code kex}, {@code kopfexample},
     * {@code kopfexamples.kopf.dev}, {@code kopfexamples.v1.kopf.dev}) against the kinds known now. Without a
     * version only preferred versions count; when the core group is among the matches, only it counts (so
     * {@code pods} is {@code pods.v1}, not {@code pods.v1beta1.metrics.k8s.io}), as in Kopf and kubectl. Two or more
     * matches are ambiguous and none is missing: the caller warns with {@link Resolution#warning()} and skips them.
     */
    public Resolution resolve(String selector) {
        ResourceKind.NameQuery query = ResourceKind.NameQuery.parse(selector);
        Set<ResourceKind> matches;
        Set<String> failing;
        synchronized (this) {
            matches = snapshot.values().stream()
                    .filter(query::matches)
                    .filter(k -> query.version() != null || k.preferred())
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            failing = unavailable();
        }
        Set<ResourceKind> core = matches.stream().filter(k -> k.group().isEmpty()).collect(Collectors.toSet());
        if (!core.isEmpty()) {
            matches = new LinkedHashSet<>(core);
        }
        if (matches.size() == 1) {
            return new Resolution(selector, Set.copyOf(matches), Resolution.Outcome.FOUND, Optional.empty());
        }
        if (matches.isEmpty()) {
            String message = "Resource \"" + selector + "\" matches no served resource (a typo, or a CRD not created"
                    + " yet?); it will be served when it appears"
                    + (failing.isEmpty() ? "" : ". Unavailable now: " + String.join(", ", failing));
            return new Resolution(selector, Set.of(), Resolution.Outcome.MISSING, Optional.of(message));
        }
        String names = matches.stream().map(ResourceKind::key).sorted().collect(Collectors.joining(", "));
        ResourceKind first = matches.stream().min(Comparator.comparing(ResourceKind::key)).orElseThrow();
        String message = "Resource \"" + selector + "\" is ambiguous: it matches " + names
                + "; none of them will be served (name the group, e.g. \"" + first.plural() + "."
                + (first.group().isEmpty() ? first.version() : first.group()) + "\")";
        return new Resolution(selector, Set.copyOf(matches), Resolution.Outcome.AMBIGUOUS, Optional.of(message));
    }

    /** Stops the background retries and rescans. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        scheduler.shutdownNow();
        fetchers.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------ full scans

    private void scanQuietly() {
        try {
            scan();
        } catch (LoginError e) {
            log.log(Level.DEBUG, "API discovery rescan stopped: no credentials work any more (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            log.log(Level.WARN, "API discovery rescan failed unexpectedly; will try again: " + e);
        }
    }

    /** Reads the roots, then every group/version, and merges it all. */
    private void scan() {
        Future<JsonNode> core = fetchers.submit(() -> api.get(CORE_ROOT));
        Future<JsonNode> groups = fetchers.submit(() -> api.get(GROUPS_ROOT));
        List<GroupVersion> listed = new ArrayList<>();
        boolean coreListed = readRoot(CORE_ROOT, core, listed);
        boolean groupsListed = readRoot(GROUPS_ROOT, groups, listed);

        Map<GroupVersion, Future<List<ResourceKind>>> fetches = new LinkedHashMap<>();
        for (GroupVersion gv : listed) {
            fetches.put(gv, fetchers.submit(() -> DiscoveryDocuments.resources(gv, api.get(gv.path()))));
        }
        Map<GroupVersion, Object> outcomes = new LinkedHashMap<>();
        for (Map.Entry<GroupVersion, Future<List<ResourceKind>>> f : fetches.entrySet()) {
            outcomes.put(f.getKey(), await(f.getValue(), f.getKey().path()));
        }
        synchronized (deliveries) {
            Changes changes;
            synchronized (this) {
                if (closed) {
                    return;
                }
                Set<String> seen = new LinkedHashSet<>();
                for (Map.Entry<GroupVersion, Object> o : outcomes.entrySet()) {
                    GroupVersion gv = o.getKey();
                    seen.add(gv.name());
                    Source s = sources.computeIfAbsent(gv.name(), n -> new Source(n, gv));
                    if (s.gv.preferred() != gv.preferred()) {
                        Source replaced = new Source(s.name, gv);
                        replaced.kinds = withPreferred(s.kinds, gv.preferred());
                        replaced.failing = s.failing;
                        replaced.attempts = s.attempts;
                        replaced.retry = s.retry;
                        sources.put(gv.name(), replaced);
                        s = replaced;
                    }
                    record(s, o.getValue());
                }
                for (Source s : new ArrayList<>(sources.values())) {
                    boolean vouched = s.gv.group().isEmpty() ? coreListed : groupsListed;
                    if (vouched && !seen.contains(s.name)) {
                        sources.remove(s.name);
                        if (s.retry != null) {
                            s.retry.cancel(false);
                        }
                        if (s.failing) {
                            log.log(Level.INFO, "API group/version " + s.name + " is no longer listed;"
                                    + " stopped retrying it");
                        }
                    }
                }
                changes = republish();
            }
            changes.deliver();
        }
    }

    /** Reads a root document into {@code listed}; false when it failed (then its group/versions are kept as is). */
    private boolean readRoot(String path, Future<JsonNode> future, List<GroupVersion> listed) {
        Object outcome = await(future, path);
        if (outcome instanceof JsonNode) {
            try {
                JsonNode doc = (JsonNode) outcome;
                listed.addAll(path.equals(CORE_ROOT) ? DiscoveryDocuments.coreVersions(path, doc)
                        : DiscoveryDocuments.groupVersions(path, doc));
                outcome = List.of();
            } catch (ApiMalformedResponseError e) {
                outcome = e;
            }
        }
        synchronized (this) {
            Source root = roots.get(path);
            if (outcome instanceof ApiError) {
                if (!root.failing) {
                    root.failing = true;
                    log.log(Level.WARN, "API discovery document " + path + " is unavailable ("
                            + reason((ApiError) outcome) + "); using what is known and retrying in the background");
                }
                scheduleRoot(root);
                return false;
            }
            if (root.failing) {
                root.failing = false;
                root.attempts = 0;
                log.log(Level.INFO, "API discovery document " + path + " is available again");
            }
            return true;
        }
    }

    private synchronized void scheduleRoot(Source root) {
        if (closed || (root.retry != null && !root.retry.isDone())) {
            return;
        }
        root.retry = scheduler.schedule(() -> {
            synchronized (this) {
                root.retry = null;
            }
            scanQuietly();
        }, backoff(root.attempts++).toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ one group/version

    /** Records a fetch outcome (a list of kinds, or an ApiError) for one group/version. Holds the lock. */
    private void record(Source s, Object outcome) {
        if (outcome instanceof ApiError) {
            ApiError e = (ApiError) outcome;
            if (!s.failing) {
                s.failing = true;
                log.log(Level.WARN, "API group/version " + s.name + " is unavailable (" + reason(e)
                        + "); skipping it and retrying in the background");
            } else {
                log.log(Level.DEBUG, "API group/version " + s.name + " is still unavailable (" + reason(e) + ")");
            }
            scheduleRetry(s);
            return;
        }
        @SuppressWarnings("unchecked")
        List<ResourceKind> kinds = (List<ResourceKind>) outcome;
        s.kinds = List.copyOf(kinds);
        if (s.failing) {
            s.failing = false;
            s.attempts = 0;
            if (s.retry != null) {
                s.retry.cancel(false);
                s.retry = null;
            }
            log.log(Level.INFO, "API group/version " + s.name + " is available again ("
                    + kinds.size() + (kinds.size() == 1 ? " resource)" : " resources)"));
        }
    }

    private void scheduleRetry(Source s) {
        if (closed || (s.retry != null && !s.retry.isDone())) {
            return;
        }
        s.retry = scheduler.schedule(() -> retry(s.name), backoff(s.attempts++).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A background retry of one failing group/version. */
    private void retry(String name) {
        GroupVersion gv;
        synchronized (this) {
            Source s = sources.get(name);
            if (closed || s == null || !s.failing) {
                return;
            }
            gv = s.gv;
        }
        Object outcome;
        try {
            outcome = DiscoveryDocuments.resources(gv, api.get(gv.path()));
        } catch (ApiError e) {
            outcome = e;
        } catch (LoginError e) {
            return;     // no credentials work any more: the operator stops, retrying cannot help
        } catch (RuntimeException e) {
            outcome = new ApiMalformedResponseError("GET", gv.path(), 200, "unreadable: " + e.getClass().getName());
        }
        synchronized (deliveries) {
            Changes changes;
            synchronized (this) {
                Source s = sources.get(name);
                if (closed || s == null || !s.failing) {
                    return;
                }
                s.retry = null;
                record(s, outcome);
                changes = republish();
            }
            changes.deliver();
        }
    }

    private Duration backoff(int attempt) {
        List<Duration> b = config.retryBackoffs();
        return b.get(Math.min(attempt, b.size() - 1));
    }

    // ------------------------------------------------------------------------------------------ publishing

    /** What changed since the last snapshot, delivered outside the state lock but in order. */
    private final class Changes {
        final Set<ResourceKind> appeared;
        final Set<ResourceKind> disappeared;

        Changes(Set<ResourceKind> appeared, Set<ResourceKind> disappeared) {
            this.appeared = appeared;
            this.disappeared = disappeared;
        }

        void deliver() {
            try {
                if (!disappeared.isEmpty()) {
                    listener.disappeared(disappeared);
                }
                if (!appeared.isEmpty()) {
                    listener.appeared(appeared);
                }
            } catch (RuntimeException e) {
                log.log(Level.WARN, "A discovery listener failed: " + e);
            }
        }
    }

    /** Rebuilds the snapshot from the sources and returns the differences. Holds the lock. */
    private Changes republish() {
        Map<String, ResourceKind> next = new LinkedHashMap<>();
        for (Source s : sources.values()) {
            for (ResourceKind k : s.kinds) {
                next.put(k.key(), k);
            }
        }
        Set<ResourceKind> appeared = new LinkedHashSet<>();
        Set<ResourceKind> disappeared = new LinkedHashSet<>();
        for (ResourceKind k : next.values()) {
            if (!k.equals(snapshot.get(k.key()))) {
                appeared.add(k);
            }
        }
        for (ResourceKind k : snapshot.values()) {
            if (!next.containsKey(k.key())) {
                disappeared.add(k);
            }
        }
        snapshot = Map.copyOf(next);
        return baselineTaken ? new Changes(Set.copyOf(appeared), Set.copyOf(disappeared))
                : new Changes(Set.of(), Set.of());
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Waits for a fetch; returns its value or the ApiError it failed with (never throws). */
    private Object await(Future<?> future, String path) {
        try {
            return future.get(config.requestTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ApiError) {
                return c;
            }
            if (c instanceof LoginError login) {
                throw new LoginError(login.getMessage(), login);
            }
            return new ApiMalformedResponseError("GET", path, 200, "unreadable: " + c);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new ApiConnectionError("GET", path, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            return new ApiConnectionError("GET", path, true, e);
        }
    }

    private String reason(ApiError e) {
        if (e instanceof ApiConnectionError && ((ApiConnectionError) e).timedOut()) {
            return "timed out after " + config.requestTimeout().toMillis() + " ms";
        }
        return e.statusLine();
    }

    private static List<ResourceKind> withPreferred(Collection<ResourceKind> kinds, boolean preferred) {
        List<ResourceKind> out = new ArrayList<>();
        for (ResourceKind k : kinds) {
            out.add(new ResourceKind(k.group(), k.version(), k.plural(), k.singular(), k.kind(), k.shortNames(),
                    k.categories(), k.namespaced(), k.verbs(), k.subresources(), preferred));
        }
        return out;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
