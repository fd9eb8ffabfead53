package io.kopf4j.internal.lifecycle;

import io.kopf4j.Events;
import io.kopf4j.LoginError;
import io.kopf4j.Memo;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kopf4j.StopReason;
import io.kopf4j.WebhookServer;
import io.kopf4j.internal.admission.Admission;
import io.kopf4j.internal.admission.TlsSetup;
import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.cluster.Scanner;
import io.kopf4j.internal.cluster.Vault;
import io.kopf4j.internal.handling.ObjectMemory;
import io.kopf4j.internal.handling.ProcessingResult;
import io.kopf4j.internal.handling.Processor;
import io.kopf4j.internal.handling.RealEvents;
import io.kopf4j.internal.handling.RealMemo;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.ActivityScanner;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.registry.ActivitySpec;
import io.kopf4j.internal.registry.AnnotationScanner;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.RealRegistry;
import io.kopf4j.internal.util.Backoff;
import io.kopf4j.internal.util.HandlerMetrics;
import io.kopf4j.internal.util.ThreadPlatform;
import io.kopf4j.internal.watching.ObjectContext;
import io.kopf4j.internal.watching.ObjectQueues;
import io.kopf4j.internal.watching.Reflector;
import io.kopf4j.internal.watching.WatchEvent;
import io.kopf4j.internal.watching.WatchListener;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A running operator: the handlers registered from the operator objects, tolerant discovery, one reflector per
 * served resource and namespace, per-object queues (one worker per object), and the handling processor per resource.
 * Resources that appear later (a new CRD, a group/version that recovers) are served when they appear: CRDs and
 * APIServices are watched to trigger rescans. Kopf: {@code kopf/_core/reactor/running.py},
 * {@code orchestration.py}. Not API.
 */
public final class RealOperator implements Operator {
    private static final Logger LOG = LoggerFactory.getLogger(RealOperator.class);
    /** How long {@link #close()} waits for the daemons and timers to exit after signalling them. */
    private static final Duration BACKGROUND_EXIT_TIMEOUT = Duration.ofSeconds(10);

    private final List<Object> operators;
    private final Function<List<Object>, RealRegistry> registration;
    private RealRegistry registry;
    private final OperatorSettings settings = new OperatorSettings();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();
    private ApiClient client;
    private List<String> namespaces = List.of();
    private Map<String, Object> memo = Map.of();

    private volatile boolean started;
    private volatile boolean closed;
    private List<HandlerSpec> specs = List.of();
    private ClusterApi api;
    private EventPoster poster;
    private Scanner scanner;
    private Watchers watchers;
    private volatile ObjectQueues queues;
    private ScheduledExecutorService timers;
    /** The delays before an object whose processing failed is handled again ({@code queueing.errorDelays}). */
    private Backoff errorDelays;
    private final Map<String, Processor> processors = new ConcurrentHashMap<>();
    private final Map<String, List<HandlerSpec>> served = new ConcurrentHashMap<>();
    private final Map<String, ObjectMemory> memories = new ConcurrentHashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    // Indices and activities (startup, cleanup, probes) and the liveness endpoint:
    private List<HandlerSpec> indexSpecs = List.of();
    private Indices indices = Indices.none();
    private Activities activities;
    private RealMemo operatorMemo;
    private final Set<String> indexedKinds = ConcurrentHashMap.newKeySet();
    private String livenessUrl;
    private Duration livenessCache = LivenessServer.DEFAULT_CACHE;
    private LivenessServer liveness;
    private final HandlerMetrics handlerMetrics = new HandlerMetrics();
    private final Pausing pausing = new Pausing(this::pauseBackground, this::replay);
    private Peering peering;
    private LeaderElector elector;
    // Login (@On.Login handlers or the default login) and fatal failures (a LoginError while running):
    private Callable<ApiClient> defaultLogin;
    private Vault vault;
    private final List<Consumer<Throwable>> fatalListeners = new CopyOnWriteArrayList<>();
    // Admission webhooks: the handlers, the TLS of their server, and the running server with its configurations.
    private List<AdmissionSpec> admissionSpecs = List.of();
    private TlsSetup admissionTls;
    private volatile Admission admission;

    /**
     * @param operators    the objects with annotated handler methods
     * @param registration turns them into the registry (scanning annotations); throws on invalid handlers
     */
    public RealOperator(List<Object> operators, Function<List<Object>, RealRegistry> registration) {
        this.operators = List.copyOf(operators);
        this.registration = Objects.requireNonNull(registration, "registration");
    }

    @Override
    public synchronized Operator settings(Consumer<OperatorSettings> configure) {
        requireNotStarted("settings");
        configure.accept(settings);
        return this;
    }

    @Override
    public synchronized Operator client(ApiClient client) {
        requireNotStarted("client");
        this.client = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * How to log in when no {@code @On.Login} handler exists: called at start and again whenever the server rejected
     * the credentials it gave (the CLI reloads the kubeconfig this way). Without it, the client given to
     * {@link #client} is used, else client-java's default (kubeconfig, then in-cluster).
     */
    public synchronized RealOperator defaultLogin(Callable<ApiClient> login) {
        requireNotStarted("default login");
        this.defaultLogin = Objects.requireNonNull(login, "login");
        return this;
    }

    /** Told when the operator stops by itself for a fatal error (a {@link LoginError} while running). */
    public RealOperator onFatal(Consumer<Throwable> listener) {
        fatalListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    @Override
    public synchronized Operator namespaces(String... patterns) {
        requireNotStarted("namespaces");
        this.namespaces = List.of(patterns);
        return this;
    }

    @Override
    public synchronized Operator memo(Map<String, Object> memo) {
        requireNotStarted("memo");
        this.memo = Map.copyOf(memo);
        return this;
    }

    @Override
    public synchronized Operator liveness(String url) {
        requireNotStarted("liveness endpoint");
        LivenessServer.Endpoint.parse(url);   // fails early on a bad URL
        this.livenessUrl = url;
        return this;
    }

    /** For tests: how long probe results are reused (default 10 s, as Kopf). */
    public synchronized RealOperator livenessCache(Duration cache) {
        requireNotStarted("liveness cache");
        this.livenessCache = Objects.requireNonNull(cache, "cache");
        return this;
    }

    @Override
    public Optional<URI> livenessUrl() {
        LivenessServer l = liveness;
        return l == null ? Optional.empty() : Optional.of(l.url());
    }

    private void requireNotStarted(String what) {
        if (started) {
            throw new IllegalStateException("the operator is already started: set its " + what + " before start()");
        }
    }

    /** The settings (frozen once started). */
    public OperatorSettings operatorSettings() {
        return settings;
    }

    @Override
    public List<Throwable> errors() {
        return List.copyOf(errors);
    }

    @Override
    public synchronized Operator start() {
        if (started) {
            return this;
        }
        registry = registration.apply(operators);
        specs = List.copyOf(registry.handlers());
        admissionSpecs = registry.admissionHandlers();
        startActivities();
        checkAdmission();
        if (specs.isEmpty() && indexSpecs.isEmpty() && admissionSpecs.isEmpty()) {
            LOG.warn("No handlers are registered: the operator will watch nothing.");
        }
        login();
        ThreadPlatform platform = ThreadPlatform.detect();
        OperatorSettings.Networking net = settings.networking();
        api = new ClusterApi(vault, new ClusterApi.Config(net.errorBackoffs(),
                net.requestTimeout().orElse(ClusterApi.Config.defaults().requestTimeout()),
                net.enforceRetryAfter())).withRequestLimit(net.requestLimit());
        startCoordination();
        OperatorSettings.Posting posting = settings.posting();
        poster = new EventPoster(api, new EventPoster.Config(posting.enabled(), posting.reportingComponent(),
                posting.reportingInstance(), posting.eventNamePrefix(), vault.defaultNamespace().orElse("default"),
                1000));
        errorDelays = Backoff.repeatingLast(settings.queueing().errorDelays());
        queues = new ObjectQueues(this::process, ObjectQueues.Config.from(settings.queueing()), platform);
        watchers = new Watchers(api, Reflector.Config.from(settings.watching()), namespaces,
                settings.scanning().disabled(), platform, clock);
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kopf4j-rechecks");
            t.setDaemon(true);
            return t;
        });
        scanner = new Scanner(api, Scanner.Config.defaults(), new Scanner.Listener() {
            @Override
            public void appeared(Set<ResourceKind> kinds) {
                serve(kinds);
            }

            @Override
            public void disappeared(Set<ResourceKind> kinds) {
                for (ResourceKind k : kinds) {
                    LOG.info("Resource {} is no longer served: stopping its watches, timers and daemons.", k);
                    watchers.unwatch(k);
                    retire(k);
                    indexedKinds.remove(k.key());
                    served.remove(k.key());
                    known.remove(k.key());
                }
            }
        });
        started = true;
        if (peering != null) {
            Peering p = peering;
            watchers.follow(new Watchers.NamespaceListener() {     // peer in the namespaces as they are served
                @Override
                public void served(String namespace) {
                    p.follow(namespace);
                }

                @Override
                public void gone(String namespace) {
                    p.unfollow(namespace);
                }
            });
        }
        watchers.start();   // observes the namespaces when the patterns need it (before any namespaced watch)
        serve(scanner.start());
        startAdmission();
        if (livenessUrl != null) {
            try {
                liveness = new LivenessServer(LivenessServer.Endpoint.parse(livenessUrl), livenessCache,
                        this::probe, this::metrics).start();
            } catch (IOException e) {
                close();
                throw new UncheckedIOException("the liveness endpoint cannot be served at " + livenessUrl, e);
            }
        }
        return this;
    }

    /**
     * Scans the index and activity handlers, runs the startup handlers (the settings are still mutable for them),
     * then freezes the settings. A failed startup handler fails the start.
     */
    private void startActivities() {
        List<HandlerSpec> indexers = new ArrayList<>();
        List<ActivitySpec> activitySpecs = new ArrayList<>();
        Set<String> references = new java.util.LinkedHashSet<>();
        for (Object operator : operators) {
            indexers.addAll(AnnotationScanner.scanIndices(operator));
            activitySpecs.addAll(ActivityScanner.scan(operator));
            references.addAll(ActivityScanner.indexReferences(operator));
        }
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (HandlerSpec h : indexers) {
            if (!ids.add(h.id().toString())) {
                throw new IllegalArgumentException("Two index handlers have the id '" + h.id() + "'; give one of "
                        + "them an id of its own (" + h.description() + ")");
            }
        }
        references.removeAll(ids);
        if (!references.isEmpty()) {
            throw new IllegalArgumentException("@Indexed names indices that no @On.Index handler has: "
                    + String.join(", ", references) + " (indices: " + ids + ")");
        }
        indexSpecs = List.copyOf(indexers);
        indices = new Indices(ids);
        operatorMemo = new RealMemo(memo);
        activities = new Activities(activitySpecs, settings, operatorMemo, indices);
        try {
            activities.run(ActivitySpec.Activity.STARTUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new ActivityError("Interrupted while running the startup handlers", e);
        } catch (ActivityError e) {
            closed = true;
            throw e;
        } finally {
            settings.freeze();
        }
    }

    /**
     * Logs in before anything talks to the cluster (after the startup handlers): the login handlers, or the default
     * login. A failure fails the start with a {@link LoginError} naming the handlers at fault.
     */
    private void login() {
        vault = new Vault(new Authenticator(activities, this::loginByDefault), clock, this::fatal);
        try {
            vault.credentials();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            throw new LoginError("Interrupted while logging in", e);
        } catch (LoginError e) {
            closed = true;
            throw e;
        }
    }

    /**
     * Admission handlers need a webhook server ({@code settings.admission().server(...)}), known once the startup
     * handlers ran: without one, or with one that cannot be served, the start fails before anything else starts.
     */
    private void checkAdmission() {
        if (admissionSpecs.isEmpty()) {
            return;
        }
        Optional<WebhookServer> server = settings.admission().server();
        if (server.isEmpty()) {
            closed = true;
            throw new IllegalStateException("Admission handlers exist (" + admissionSpecs.stream()
                    .map(AdmissionSpec::description).distinct().collect(java.util.stream.Collectors.joining(", "))
                    + "), but no webhook server is configured: set settings.admission().server(...), e.g. to "
                    + "WebhookServer.selfSigned(), in an @On.Startup handler or with Operator.settings(...)");
        }
        try {
            admissionTls = Admission.tlsFor(server.get());
        } catch (RuntimeException e) {
            closed = true;
            throw e;
        }
    }

    private ApiClient loginByDefault() throws Exception {
        if (defaultLogin != null) {
            return defaultLogin.call();
        }
        return client != null ? client : Config.defaultClient();
    }

    /** No credentials work any more: the operator stops by itself (in the background: this runs on any thread). */
    private void fatal(LoginError e) {
        if (!started || closed) {
            return;     // a failure at start fails start() itself
        }
        errors.add(e);
        LOG.error("The operator stops: {}", e.getMessage());
        for (Consumer<Throwable> listener : fatalListeners) {
            listener.accept(e);
        }
        Thread stopper = new Thread(this::close, "kopf4j-fatal-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /** Starts the webhook server (and the managed configurations) after the first discovery scan. */
    private void startAdmission() {
        if (admissionSpecs.isEmpty()) {
            return;
        }
        OperatorSettings.Admission config = settings.admission();
        WebhookServer server = config.server().orElseThrow();
        try {
            admission = Admission.start(admissionSpecs, server, admissionTls, config.managed(), api,
                    Admission.collaborators(settings, poster, indices, this::admissionMemo, handlerMetrics),
                    scanner.resources());
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("the webhook server cannot listen at " + server, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Optional<URI> webhookUrl() {
        Admission a = admission;
        return a == null ? Optional.empty() : Optional.of(a.url());
    }

    /**
     * The object's memo for admission handlers, shared with its resource handlers; a throw-away one on CREATE (Kopf:
     * the object does not exist yet), and for resources no resource handler serves (their memos would never be
     * released: no watch sees those objects go).
     */
    private Memo admissionMemo(ResourceKind kind, com.fasterxml.jackson.databind.JsonNode body, boolean ephemeral) {
        return ephemeral || !processors.containsKey(kind.key()) ? new RealMemo(operatorMemo)
                : memoOf(ObjectQueues.keyOf(kind, body));
    }

    /** The probes' results (a {@link ActivityError} when one fails), for the liveness endpoint. */
    private Map<String, Object> probe() throws InterruptedException {
        return activities.run(ActivitySpec.Activity.PROBE);
    }

    /** The watches' health, for the liveness endpoint and the metrics. */
    private LivenessServer.Status metrics() {
        return new LivenessServer.Status(watchers == null ? List.of() : watchers.reflectors(),
                queues == null ? 0 : queues.queuedObjects(), handlerMetrics);
    }

    private Memo memoOf(String key) {
        return memories.computeIfAbsent(key, k -> new ObjectMemory(new RealMemo(operatorMemo))).memo();
    }

    /** Whether every served index has its initial listing: resource handlers wait for it (as Kopf). */
    private boolean indicesReady() {
        for (String kind : indexedKinds) {
            if (!watchers.allListed(kind)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Peering and leader election: both may pause the operator before it serves anything (a peer of higher or equal
     * priority is alive; the Lease is held by another replica).
     */
    private void startCoordination() {
        String identity = Peering.detectOwnId(false);
        peering = Peering.start(api, settings.peering(), namespaces, identity, clock,
                conflict -> pausing.set("peering", conflict));
        if (settings.leaderElection().enabled()) {
            pausing.set("leader election", true);
            String ns = LeaderElector.namespaceFor(settings.leaderElection(), namespaces);
            try {
                elector = new LeaderElector(api, ns, settings.leaderElection(), identity, clock,
                        leading -> pausing.set("leader election", !leading)).start();
            } catch (RuntimeException e) {
                if (peering != null) {
                    peering.close();
                }
                throw e;
            }
        }
    }

    /** Whether peering or leader election keeps the operator from handling objects now. */
    public boolean isPaused() {
        return pausing.paused();
    }

    /**
     * When the operator pauses: every timer and daemon is stopped with {@link StopReason#OPERATOR_PAUSING} (each
     * honouring its cancellation backoff and timeout), and none spawns until the operator resumes.
     */
    private void pauseBackground() {
        int signalled = 0;
        for (Processor p : processors.values()) {
            signalled += p.suspendBackground(StopReason.OPERATOR_PAUSING);
        }
        if (signalled > 0) {
            LOG.info("Pausing ({}): {} timers and daemons are signalled to stop.", String.join(", ",
                    pausing.reasons()), signalled);
        }
    }

    /**
     * After a pause: timers and daemons may spawn again, and the latest event of every known object is handled again,
     * so no change made meanwhile is lost and the timers and daemons respawn for the objects that still exist.
     */
    private void replay() {
        ObjectQueues q = queues;
        if (q == null || closed) {
            return;
        }
        for (Processor p : processors.values()) {
            p.resumeBackground();
        }
        long[] count = {0};
        watchers.forEachLatest((kind, event) -> {
            if (processors.containsKey(kind.key())) {
                q.onEvent(kind, event);
                count[0]++;
            }
        });
        LOG.info("Resuming: re-checking {} objects seen during the pause.", count[0]);
    }

    /**
     * Serves what discovery knows now, after {@code changed} kinds appeared or were redefined: each kind gets a
     * processor with the handlers that select it, and its watches; a kind whose handlers changed (e.g. a name that
     * became ambiguous when a second group appeared) gets a new processor, or stops being watched when none is left.
     */
    private synchronized void serve(Set<ResourceKind> changed) {
        if (closed) {
            return;
        }
        Map<String, ResourceKind> all = new LinkedHashMap<>();
        for (ResourceKind k : scanner.resources()) {
            all.put(k.key(), k);
        }
        for (ResourceKind k : changed) {
            all.put(k.key(), k);    // the newest definition wins
        }
        known.addAll(all.keySet());
        if (admission != null) {
            admission.served(all.values());
        }
        Map<String, List<HandlerSpec>> plan = plan(all.values(), specs);
        Map<String, List<HandlerSpec>> indexPlan = plan(all.values(), indexSpecs);
        // Every index to be served is known before any watch starts, so that no resource handler runs before an
        // index listed (the handlers of a kind watched earlier in the loop below must wait for indices watched later).
        indexedKinds.addAll(indexPlan.keySet());
        for (ResourceKind kind : all.values()) {
            List<HandlerSpec> handlers = plan.getOrDefault(kind.key(), List.of());
            List<HandlerSpec> before = served.getOrDefault(kind.key(), List.of());
            if (handlers.isEmpty()) {
                if (!before.isEmpty()) {
                    LOG.info("Resource {} is no longer selected by any handler: stopping its watches.", kind);
                    served.remove(kind.key());
                    retire(kind);
                    if (!isDefinitionKind(kind)) {
                        watchers.unwatch(kind);
                    }
                }
            } else if (changed.contains(kind) || !handlers.equals(before)) {
                served.put(kind.key(), handlers);
                Processor processor = new Processor(kind, handlers, settings,
                        new Processor.Collaborators(api, poster, clock, RandomGenerator.getDefault(), indices,
                                handlerMetrics));
                Processor previous = processors.put(kind.key(), processor);
                if (previous != null) {
                    processor.adoptBackground(previous);
                }
                if (pausing.paused()) {
                    processor.suspendBackground(StopReason.OPERATOR_PAUSING);   // spawns nothing until resumed
                }
            }
            List<HandlerSpec> indexers = indexPlan.getOrDefault(kind.key(), List.of());
            List<WatchListener> listeners = new ArrayList<>();
            if (!indexers.isEmpty()) {
                String kindKey = kind.key();
                listeners.add(new IndexingListener(indexers, indices, this::memoOf,
                        key -> {
                            if (!processors.containsKey(kindKey)) {
                                memories.remove(key);
                            }
                        }, events(), clock, handlerMetrics));
                indexedKinds.add(kind.key());
            }
            if (!handlers.isEmpty()) {
                listeners.add(queues);
            }
            if (isDefinitionKind(kind)) {
                // One watch per kind: it rescans discovery, and feeds the handlers of CRDs/APIServices if any.
                listeners.add(0, rescanning());
                watchers.watch(kind, null, WatchListener.all(listeners));
            } else if (!listeners.isEmpty()) {
                // Indices see every object their own filters take: the server-side selector is only for
                // resources that no index watches.
                boolean indexed = indexedKinds.contains(kind.key());
                watchers.watch(kind, indexed ? null : registry.labelSelector(kind), WatchListener.all(listeners));
            }
        }
    }

    /**
     * Which handlers serve which resource kinds (by kind key, handlers in registration order), as Kopf's
     * {@code revise_resources}: a specific name that selects several resources is ambiguous, warned about (once) and
     * skipped, as is a selector that selects nothing (it is served when its resource appears).
     */
    private Map<String, List<HandlerSpec>> plan(Collection<ResourceKind> all, List<HandlerSpec> candidates) {
        Map<String, List<HandlerSpec>> plan = new HashMap<>();
        for (HandlerSpec spec : candidates) {
            Set<ResourceKind> selected = spec.selector().select(all);
            if (spec.selector().specific() && selected.size() > 1) {
                List<String> names = selected.stream()
                        .map(k -> k.plural() + "." + (k.group().isEmpty() ? k.version() : k.group()))
                        .sorted().toList();
                if (warned.add("ambiguous:" + spec.description() + names)) {
                    LOG.warn("Handler {} is for '{}', which names several resources ({}); it is skipped. "
                                    + "Name the group, e.g. '{}'.", spec.description(), spec.selector(),
                            String.join(", ", names), names.get(0));
                }
                continue;
            }
            if (selected.isEmpty()) {
                if (warned.add("missing:" + spec.selector())) {
                    Set<String> unavailable = scanner.unavailable();
                    LOG.warn("Handler {} is for resource '{}', which the cluster does not serve{}; it will be served "
                                    + "when it appears.", spec.description(), spec.selector(),
                            unavailable.isEmpty() ? "" : " (unavailable now: " + String.join(", ", unavailable)
                                    + ")");
                }
                continue;
            }
            for (ResourceKind k : selected) {
                plan.computeIfAbsent(k.key(), key -> new ArrayList<>()).add(spec);
            }
        }
        return plan;
    }

    /** How long after a CRD or APIService change discovery is scanned a second time. */
    private static final Duration DEFINITION_SETTLING = Duration.ofSeconds(2);

    private static boolean isDefinitionKind(ResourceKind k) {
        return (k.group().equals("apiextensions.k8s.io") && k.plural().equals("customresourcedefinitions"))
                || (k.group().equals("apiregistration.k8s.io") && k.plural().equals("apiservices"));
    }

    /** Rescans discovery whenever a CRD or an APIService changes (and once listed), so new resources are served at once. */
    private WatchListener rescanning() {
        return new WatchListener() {
            @Override
            public void onEvent(ResourceKind kind, WatchEvent event) {
                if (!event.isListing()) {
                    scanner.rescan();
                    scanner.rescanAfter(DEFINITION_SETTLING);   // discovery follows the change a moment later
                }
            }

            @Override
            public void onListed(ResourceKind kind, String resourceVersion) {
                // A definition created between the first discovery scan and this watch's listing comes only as a
                // listed object, which is not a change: rescan once, or it would wait for the periodic rescan.
                scanner.rescan();
            }
        };
    }

    /** One object's turn: handle its freshest event, then wait for the patch to come back, or schedule a re-check. */
    private void process(ResourceKind kind, WatchEvent event, ObjectContext ctx) {
        Processor processor = processors.get(kind.key());
        if (processor == null || pausing.paused()) {
            return; // when paused, the reflectors keep the latest event, replayed on resume
        }
        while (!indicesReady()) {
            if (closed) {
                return;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        ObjectMemory memory = memories.computeIfAbsent(ctx.key(), k -> new ObjectMemory(new RealMemo(operatorMemo)));
        ProcessingResult result;
        try {
            for (WatchEvent superseded : ctx.superseded()) {
                processor.observe(memory, superseded.type(), superseded.object());
            }
            result = processor.process(memory, event.type(), event.object());
        } catch (LoginError e) {
            return;     // no credentials work any more: the operator is stopping (fatal() said why)
        } catch (RuntimeException | LinkageError | AssertionError e) {
            errors.add(e);
            throttle(kind, event, memory, e);
            if (event.isDeletion()) {
                memories.remove(ctx.key());
            }
            return;
        }
        int failures = memory.throttlingOver();
        if (failures > 0) {
            LOG.info("Throttling of {} is over after {} failed attempt(s): it is handled normally again.", event,
                    failures);
        }
        if (event.isDeletion()) {
            memories.remove(ctx.key());
            return;
        }
        result.resourceVersion().ifPresent(rv -> {
            if (!ctx.awaitVersion(rv, settings.persistence().consistencyTimeout())) {
                LOG.debug("{}: the watch did not deliver version {} within the consistency timeout.", event, rv);
            }
        });
        result.delay().ifPresent(delay -> scheduleRecheck(kind, event, delay));
    }

    private void scheduleRecheck(ResourceKind kind, WatchEvent event, Duration delay) {
        String namespace = event.namespace();
        String identity = event.identity();
        try {
            timers.schedule(() -> recheck(kind, namespace, identity), Math.max(1, delay.toMillis()),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("No re-check of {} is scheduled: the operator is stopping.", event);
        }
    }

    /**
     * A processing cycle failed outside the handlers (whose errors are retried by their own rules): most often a patch
     * that could not reach the API server after the request's retries, or that the server rejected. The object is
     * handled again from its freshest body after the next of {@code queueing.errorDelays} (1 s, 1 s, 2 s, ... 610 s,
     * the last repeating; a new event of the object comes sooner), so an operator that lost its API server for a
     * while catches up with every object by itself, not only with those that change again. An API failure is logged
     * in one line naming the object and the request; anything else with its stack trace, as a bug.
     */
    private void throttle(ResourceKind kind, WatchEvent event, ObjectMemory memory, Throwable e) {
        Optional<Duration> delay = memory.throttle(errorDelays);
        String next = delay.map(d -> "it is handled again in " + d.toMillis() / 1000.0 + " s (or with its next event)")
                .orElse("it is handled again with its next event");
        if (e instanceof ApiError api) {
            LOG.error("Processing of {} failed: {}; {}.", event, api.getMessage(), next);
            LOG.debug("The failure of {} in full:", event, e);
        } else {
            LOG.error("Processing of {} failed unexpectedly; {}.", event, next, e);
        }
        if (delay.isPresent() && !event.isDeletion()) {
            scheduleRecheck(kind, event, delay.get());
        }
    }

    /**
     * The resource is no longer served (gone from discovery, or no handler selects it): its processor goes, its timers
     * and daemons are stopped with {@link StopReason#RESOURCE_UNSERVED} (not waited for), and its objects are
     * forgotten for replays; when the resource is served again, its listing respawns them for the objects that exist.
     */
    private void retire(ResourceKind kind) {
        Processor processor = processors.remove(kind.key());
        if (processor != null) {
            int signalled = processor.suspendBackground(StopReason.RESOURCE_UNSERVED);
            if (signalled > 0) {
                LOG.info("Resource {}: {} timers and daemons are signalled to stop.", kind, signalled);
            }
        }
    }

    /** A handler's delay is over: the object's freshest body, as its reflector last delivered it, is handled again. */
    private void recheck(ResourceKind kind, String namespace, String identity) {
        if (closed) {
            return;
        }
        WatchEvent latest = watchers.latest(kind, namespace, identity);
        if (latest != null) {
            queues.onEvent(kind, latest);
        }
    }

    /** Timers and daemons: signalled with OPERATOR_EXITING, then waited for (bounded). */
    private void stopBackground() {
        for (Processor p : processors.values()) {
            if (!p.stopBackground(StopReason.OPERATOR_EXITING, BACKGROUND_EXIT_TIMEOUT)) {
                LOG.warn("Some daemons or timers of {} did not exit within {}; they are left running.",
                        p.resource(), BACKGROUND_EXIT_TIMEOUT);
            }
        }
    }

    /** Whether the operator is started and every watch delivered its first listing. */
    public boolean isReady() {
        return started && !closed && watchers.allListed();
    }

    @Override
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isReady()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public Events events() {
        if (poster == null) {
            throw new IllegalStateException("the operator is not started: Events can be posted once it runs");
        }
        return new RealEvents(poster, settings.posting().enabled(), settings.posting().level());
    }

    /** The cleanup handlers, at a graceful stop; their failures are logged only. */
    private void runCleanup() {
        try {
            activities.run(ActivitySpec.Activity.CLEANUP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while running the cleanup handlers.");
        } catch (ActivityError e) {
            LOG.error("The cleanup failed: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        if (admission != null) {
            admission.close();   // the webhooks leave the configurations before the server stops
        }
        if (liveness != null) {
            liveness.close();
        }
        timers.shutdownNow();
        scanner.close();
        watchers.close();
        if (!queues.stop(settings.queueing().exitTimeout())) {
            LOG.warn("Some objects were still being handled when the operator stopped; they are handled at the "
                    + "next start (their progress is stored on the objects).");
        }
        stopBackground();
        runCleanup();
        if (elector != null) {
            elector.close();
        }
        if (peering != null) {
            peering.close();
        }
        poster.close();
        vault.close();
        LOG.info("The operator has stopped.");
    }
}
