package io.kopf4j.internal.lifecycle;

import io.kopf4j.Events;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kopf4j.StopReason;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.cluster.Scanner;
import io.kopf4j.internal.handling.ObjectMemory;
import io.kopf4j.internal.handling.ProcessingResult;
import io.kopf4j.internal.handling.Processor;
import io.kopf4j.internal.handling.RealEvents;
import io.kopf4j.internal.handling.RealMemo;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.HandlerSpec;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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

    /** The latest event seen of one object, re-offered when a sleeping handler is due. */
    private record Latest(ResourceKind kind, WatchEvent event) {
    }

    private final List<Object> operators;
    private final Function<List<Object>, List<HandlerSpec>> registration;
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
    private ObjectQueues queues;
    private ScheduledExecutorService timers;
    private final Map<String, Processor> processors = new ConcurrentHashMap<>();
    private final Map<String, ObjectMemory> memories = new ConcurrentHashMap<>();
    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /**
     * @param operators    the objects with annotated handler methods
     * @param registration turns them into handler specs (the registry's scanner); throws on invalid handlers
     */
    public RealOperator(List<Object> operators, Function<List<Object>, List<HandlerSpec>> registration) {
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
        specs = List.copyOf(registration.apply(operators));
        if (specs.isEmpty()) {
            LOG.warn("No handlers are registered: the operator will watch nothing.");
        }
        settings.freeze();
        if (client == null) {
            try {
                client = Config.defaultClient();
            } catch (IOException e) {
                throw new UncheckedIOException("no cluster to talk to: the kubeconfig could not be loaded", e);
            }
        }
        ThreadPlatform platform = ThreadPlatform.detect();
        OperatorSettings.Networking net = settings.networking();
        api = new ClusterApi(client, new ClusterApi.Config(net.errorBackoffs(),
                net.requestTimeout().orElse(ClusterApi.Config.defaults().requestTimeout()),
                net.enforceRetryAfter()));
        OperatorSettings.Posting posting = settings.posting();
        poster = new EventPoster(api, new EventPoster.Config(posting.enabled(), posting.reportingComponent(),
                posting.reportingInstance(), posting.eventNamePrefix(), "default", 1000));
        queues = new ObjectQueues(this::process, ObjectQueues.Config.from(settings.queueing()), platform);
        watchers = new Watchers(api, Reflector.Config.from(settings.watching()), namespaces, platform, clock);
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
                    LOG.info("Resource {} is no longer served: stopping its watches.", k);
                    watchers.unwatch(k);
                    processors.remove(k.key());
                    known.remove(k.key());
                }
            }
        });
        started = true;
        serve(scanner.start());
        return this;
    }

    /** Starts serving newly known kinds: a processor and reflectors for each kind some handler is for. */
    private synchronized void serve(Set<ResourceKind> kinds) {
        if (closed) {
            return;
        }
        Set<ResourceKind> all = new HashSet<>(scanner.resources());
        all.addAll(kinds);
        for (ResourceKind k : all) {
            known.add(k.key());
        }
        for (ResourceKind kind : kinds) {
            List<HandlerSpec> handlers = new ArrayList<>();
            for (HandlerSpec spec : specs) {
                if (spec.isFor(kind) && !ambiguous(spec, all)) {
                    handlers.add(spec);
                }
            }
            if (!handlers.isEmpty()) {
                processors.put(kind.key(), new Processor(kind, handlers, settings,
                        new Processor.Collaborators(api, poster, clock, RandomGenerator.getDefault())));
                watchers.watch(kind, null, recording(queues));
            }
            if (isDefinitionKind(kind)) {
                watchers.watch(kind, null, rescanning());
            }
        }
        for (HandlerSpec spec : specs) {
            if (all.stream().noneMatch(spec::isFor) && warned.add("missing:" + spec.selector())) {
                Set<String> unavailable = scanner.unavailable();
                LOG.warn("Handler {} is for resource '{}', which the cluster does not serve{}; it will be served "
                                + "when it appears.", spec.description(), spec.selector(),
                        unavailable.isEmpty() ? "" : " (unavailable now: " + String.join(", ", unavailable) + ")");
            }
        }
    }

    /** A name that matches resources of several groups is ambiguous: warned about and skipped, as Kopf does. */
    private boolean ambiguous(HandlerSpec spec, Set<ResourceKind> all) {
        if (spec.selector().any().isEmpty() || spec.selector().everything() || spec.selector().group() != null) {
            return false;
        }
        Set<String> groups = new TreeSet<>();
        for (ResourceKind k : all) {
            if (spec.isFor(k)) {
                groups.add(k.group().isEmpty() ? "core" : k.group());
            }
        }
        if (groups.size() > 1) {
            if (warned.add("ambiguous:" + spec.description())) {
                LOG.warn("Handler {} is for '{}', which names resources in several groups ({}); it is skipped. "
                        + "Give the group, e.g. '{}.{}'.", spec.description(), spec.selector(),
                        String.join(", ", groups), spec.selector().any(), groups.iterator().next());
            }
            return true;
        }
        return false;
    }

    private static boolean isDefinitionKind(ResourceKind k) {
        return (k.group().equals("apiextensions.k8s.io") && k.plural().equals("customresourcedefinitions"))
                || (k.group().equals("apiregistration.k8s.io") && k.plural().equals("apiservices"));
    }

    /** Rescans discovery whenever a CRD or an APIService changes, so new resources are served at once. */
    private WatchListener rescanning() {
        return (kind, event) -> {
            if (!event.isListing()) {
                scanner.rescan();
            }
        };
    }

    /** Remembers each object's latest event (for re-checks of sleeping handlers) and queues it. */
    private WatchListener recording(ObjectQueues target) {
        return new WatchListener() {
            @Override
            public void onEvent(ResourceKind kind, WatchEvent event) {
                String key = ObjectQueues.keyOf(kind, event.object());
                if (event.isDeletion()) {
                    latest.remove(key);
                } else {
                    latest.put(key, new Latest(kind, event));
                }
                target.onEvent(kind, event);
            }

            @Override
            public void onListed(ResourceKind kind, String resourceVersion) {
                target.onListed(kind, resourceVersion);
            }
        };
    }

    /** One object's turn: handle its freshest event, then wait for the patch to come back, or schedule a re-check. */
    private void process(ResourceKind kind, WatchEvent event, ObjectContext ctx) {
        Processor processor = processors.get(kind.key());
        if (processor == null) {
            return;
        }
        ObjectMemory memory = memories.computeIfAbsent(ctx.key(), k -> new ObjectMemory(new RealMemo(memo)));
        ProcessingResult result;
        try {
            result = processor.process(memory, event.type(), event.object());
        } catch (RuntimeException e) {
            errors.add(e);
            LOG.error("Processing of {} failed unexpectedly; it will be retried with its next event.", event, e);
            return;
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
        result.delay().ifPresent(delay -> {
            String key = ctx.key();
            timers.schedule(() -> recheck(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        });
    }

    private void recheck(String key) {
        Latest l = latest.get(key);
        if (l != null && !closed) {
            queues.onEvent(l.kind(), l.event());
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
        return new RealEvents(poster, settings.posting().enabled());
    }

    @Override
    public synchronized void close() {
        if (closed || !started) {
            closed = true;
            return;
        }
        closed = true;
        timers.shutdownNow();
        scanner.close();
        watchers.close();
        if (!queues.stop(settings.queueing().exitTimeout())) {
            LOG.warn("Some objects were still being handled when the operator stopped; they are handled at the "
                    + "next start (their progress is stored on the objects).");
        }
        stopBackground();
        poster.close();
        LOG.info("The operator has stopped.");
    }
}
