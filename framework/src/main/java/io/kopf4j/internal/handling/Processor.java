package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Diff;
import io.kopf4j.OperatorSettings;
import io.kopf4j.StopReason;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.Diffs;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.Outcome;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.model.SecretRedaction;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.util.HandlerMetrics;
import io.kopf4j.internal.util.ThreadPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The per-object processing function: one cycle for the freshest body of one object. Runs the event handlers (errors
 * only logged), detects the cause, adds or removes the finalizer, runs the due change handlers, stores the diff base
 * when the cause is done, and applies everything as one patch. Built once per resource kind (with its handlers) and
 * called by the watching layer for each object, one call per object at a time. Kopf:
 * {@code kopf/_core/reactor/processing.py} ({@code process_resource_event}, {@code process_resource_causes},
 * {@code process_changing_cause}).
 */
public final class Processor {
    /** How often an object being deleted is re-checked while its timers and daemons exit. */
    private static final Duration BACKGROUND_RECHECK = Duration.ofMillis(100);

    /** The framework logger whose lines carry the object. */
    private static final Logger OBJECTS = LoggerFactory.getLogger("kopf4j.objects");

    /**
     * What the processor talks to.
     *
     * @param api    the API pipeline (patches)
     * @param poster the Event poster
     * @param clock  the clock (never read elsewhere in this package)
     * @param random for the randomized lifecycles
     * @param indices the operator's indices, for injection
     * @param metrics counts handler runs and failures
     */
    public record Collaborators(ClusterApi api, EventPoster poster, Clock clock, RandomGenerator random,
                                Indices indices, HandlerMetrics metrics) {
        public Collaborators {
            Objects.requireNonNull(api, "api");
            Objects.requireNonNull(poster, "poster");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(random, "random");
            Objects.requireNonNull(indices, "indices");
            Objects.requireNonNull(metrics, "metrics");
        }

        /** Without indices. */
        public Collaborators(ClusterApi api, EventPoster poster, Clock clock, RandomGenerator random) {
            this(api, poster, clock, random, Indices.none(), new HandlerMetrics());
        }
    }

    private final ResourceKind resource;
    private final List<HandlerSpec> eventHandlers = new ArrayList<>();
    private final List<HandlerSpec> changingHandlers = new ArrayList<>();
    private final List<HandlerSpec> spawningHandlers = new ArrayList<>();
    private final List<HandlerId> ownedIds = new ArrayList<>();
    private final Set<FieldPath> extraFields = new LinkedHashSet<>();
    private final String finalizer;
    private final ObjectLogger.Posting posting;
    private final boolean postingEnabled;
    private final Collaborators collaborators;
    private final ProgressStore progress;
    private final DiffBaseStore diffBase;
    private final Execution execution;
    private final PatchApplication application;
    private final RealEvents events;
    private final Daemons daemons;

    /**
     * @param resource      the resource kind of the objects
     * @param handlers      the handlers for this resource kind (all kinds; others than resource handlers ignored)
     * @param settings      the operator's settings (frozen)
     * @param collaborators the API, Event poster, clock and randomness
     */
    public Processor(ResourceKind resource, List<HandlerSpec> handlers, OperatorSettings settings,
                     Collaborators collaborators) {
        this.resource = Objects.requireNonNull(resource, "resource");
        this.collaborators = Objects.requireNonNull(collaborators, "collaborators");
        for (HandlerSpec h : handlers) {
            (h.kind() == HandlerKind.EVENT ? eventHandlers
                    : h.kind().spawning() ? spawningHandlers : changingHandlers).add(h);
            h.field().ifPresent(extraFields::add);
        }
        changingHandlers.forEach(h -> ownedIds.add(h.id()));
        this.finalizer = settings.persistence().finalizer();
        this.postingEnabled = settings.posting().enabled();
        this.posting = new ObjectLogger.Posting(settings.posting().enabled() && settings.posting().loggers(),
                settings.posting().level());
        this.progress = ProgressStore.of(settings.persistence().progressStorage());
        this.diffBase = DiffBaseStore.of(settings.persistence().diffBaseStorage(), progress);
        this.execution = new Execution(settings, progress, collaborators.clock(), collaborators.random(),
                collaborators.metrics());
        this.application = new PatchApplication(collaborators.api(), resource);
        this.events = new RealEvents(collaborators.poster(), postingEnabled, settings.posting().level());
        this.daemons = new Daemons(execution, application,
                ThreadPlatform.detect().threadFactory("kopf4j-daemon"),
                settings.background().cancellationPolling());
    }

    /**
     * Signals every timer and daemon of this resource's objects to stop, and waits up to {@code timeout} for them to
     * exit; returns whether all did.
     */
    public boolean stopBackground(StopReason reason, Duration timeout) {
        return daemons.stopAll(reason, timeout);
    }

    /**
     * Signals every timer and daemon of this resource's objects to stop with {@code reason} (each honouring its
     * cancellation backoff and timeout; not waited for), and spawns none until {@link #resumeBackground()}: while the
     * operator is paused, or for good when the resource is no longer served.
     *
     * @return how many were signalled
     */
    public int suspendBackground(StopReason reason) {
        return daemons.suspend(reason);
    }

    /**
     * Lets timers and daemons spawn again after {@link #suspendBackground}: they are respawned for each object when
     * it is processed next, so the caller re-processes the objects it knows.
     */
    public void resumeBackground() {
        daemons.resume();
    }

    /**
     * Takes over the timers and daemons that the processor this one replaces (same resource, redefined or with other
     * handlers) spawned, so that pausing and stopping reach them before their objects are processed again.
     */
    public void adoptBackground(Processor previous) {
        daemons.adopt(previous.daemons);
    }

    public ResourceKind resource() {
        return resource;
    }

    /**
     * Processes the object once.
     *
     * @param memory    the object's memory (kept by the caller per object; drop it after a DELETED event)
     * @param eventType the raw watch event type (ADDED, MODIFIED, DELETED), or null when seen while listing
     * @param body      the freshest body of the object
     * @return when to process it next
     */
    public ProcessingResult process(ObjectMemory memory, String eventType, JsonNode body) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(body, "body");
        memory.noticed(eventType);
        RealPatch patch = new RealPatch();
        memory.remaining().forEach(patch::fn);
        boolean patchInitiallyEmpty = memory.remaining().isEmpty();
        Logger logger = new ObjectLogger(OBJECTS, body, resource, collaborators.poster(), posting);
        ObjectContext object = new ObjectContext(resource, body, patch, logger, memory.memo(), events,
                collaborators.indices());

        runEventHandlers(object, eventType, body);

        ChangingCause cause = changingHandlers.isEmpty() ? null : detect(object, eventType, memory);
        if (cause != null && !prematches(cause)) {
            cause = null;   // blind to objects none of the handlers is for: no state, no logs
        }

        // The finalizer goes on before any handling, and comes off when nothing requires it any more.
        boolean ongoing = Finalizers.isDeletionOngoing(body);
        boolean blocked = Finalizers.isBlocked(body, finalizer);
        boolean mustBlock = cause != null && requiresFinalizer(cause);

        // Timers and daemons: stopped first on deletion (the object keeps the finalizer until they exit).
        boolean backgroundAlive = false;
        List<HandlerSpec> spawning = List.of();
        if (!spawningHandlers.isEmpty() || memory.backgroundAlive()) {
            daemons.refresh(memory.daemons(), object, diffBase.build(body, extraFields));
            if (ongoing || "DELETED".equals(eventType)) {
                backgroundAlive = daemons.stop(memory.daemons(), StopReason.RESOURCE_DELETED);
            } else {
                spawning = matchingSpawners(object);
                backgroundAlive = memory.backgroundAlive();
            }
            mustBlock = mustBlock || !spawning.isEmpty() || backgroundAlive;
            if (backgroundAlive && ongoing) {
                logger.debug("Waiting for the timers and daemons to exit before handling the deletion.");
                cause = null;
            }
        }
        Function<JsonNode, List<ObjectNode>> finalizerOps = b -> List.of();
        if (mustBlock && !blocked && !ongoing) {
            logger.debug("Adding the finalizer, thus preventing the actual deletion.");
            finalizerOps = b -> Finalizers.addOps(b, finalizer);
            cause = null;
        } else if (!mustBlock && blocked && !"DELETED".equals(eventType)) {
            logger.debug("Removing the finalizer, as there are no handlers requiring it.");
            finalizerOps = b -> Finalizers.removeOps(b, finalizer);
            cause = null;
        }

        List<Duration> delays = List.of();
        boolean skipHandling = cause != null && !patchInitiallyEmpty;   // apply the leftovers first
        if (cause != null && !skipHandling) {
            delays = handle(cause, memory);
            if (!"DELETED".equals(eventType) && ongoing && blocked && delays.isEmpty()) {
                logger.debug("Removing the finalizer, thus allowing the actual deletion.");
                finalizerOps = b -> Finalizers.removeOps(b, finalizer);
            }
        }

        if ("DELETED".equals(eventType)) {
            return ProcessingResult.nothing();
        }
        if (!ongoing && !spawningHandlers.isEmpty()) {
            // Spawned only once the finalizer is on; those not matching any more are stopped.
            if (daemons.adjust(memory.daemons(), spawningHandlers, blocked ? spawning : List.of())) {
                delays = withRecheck(delays);
            }
        }
        if (backgroundAlive && ongoing) {
            delays = withRecheck(delays);
        }
        PatchApplication.Applied applied = application.apply(body, patch, finalizerOps, logger);
        memory.remaining(applied.remaining());
        Optional<Duration> delay = delays.stream().min(Duration::compareTo);
        if (applied.writes() == 0 && delay.isEmpty() && cause != null) {
            logger.debug("Handling cycle is finished, waiting for new changes.");
        }
        return new ProcessingResult(Optional.ofNullable(applied.resourceVersion()), delay, applied.writes());
    }

    /**
     * Runs only the event handlers, for an event that a newer one of the same object superseded while the object was
     * busy: raw-event handlers see every event (Kopf processes each in turn), while the change handling runs once,
     * for the newest body ({@link #process}). Their results, if any, are patched at once.
     *
     * @param memory    the object's memory
     * @param eventType the superseded event's type, or null when seen while listing
     * @param body      the superseded event's body
     */
    public void observe(ObjectMemory memory, String eventType, JsonNode body) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(body, "body");
        if (eventHandlers.isEmpty()) {
            return;
        }
        RealPatch patch = new RealPatch();
        Logger logger = new ObjectLogger(OBJECTS, body, resource, collaborators.poster(), posting);
        runEventHandlers(new ObjectContext(resource, body, patch, logger, memory.memo(), events,
                collaborators.indices()), eventType, body);
        if (!"DELETED".equals(eventType) && !patch.isEmpty()) {
            application.apply(body, patch, b -> List.of(), logger);
        }
    }

    /** Event handlers: every event, no progress, no retries; errors are only logged; results go to the status. */
    private void runEventHandlers(ObjectContext object, String eventType, JsonNode body) {
        if (eventHandlers.isEmpty()) {
            return;
        }
        // Event handlers are silent: their logger never posts Events.
        Logger quiet = new ObjectLogger(OBJECTS, body, resource, null, ObjectLogger.Posting.off());
        ObjectContext silent = new ObjectContext(object.resource(), body, object.patch(), quiet, object.memo(),
                object.events(), object.indices());
        Instant now = collaborators.clock().instant();
        for (HandlerSpec h : eventHandlers) {
            RealHandlerContext context = RealHandlerContext.forEvent(silent, eventType, h, now);
            try {
                if (!h.passes(context)) {
                    continue;
                }
                collaborators.metrics().ran(h.id().toString());
                Object result;
                try {
                    result = h.invoker().invoke(context);
                } catch (Exception | LinkageError | AssertionError e) {
                    collaborators.metrics().failed(h.id().toString());
                    throw e;
                }
                Results.deliver(Map.of(h.id(), new Execution.Invocation(new Outcome.Succeeded(result), Set.of())),
                        object.patch());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception | LinkageError | AssertionError e) {
                quiet.error("Handler '" + h.id() + "' failed with an exception and will ignore it: "
                        + Execution.text(e), e);
            }
        }
    }

    private static List<Duration> withRecheck(List<Duration> delays) {
        List<Duration> out = new ArrayList<>(delays);
        out.add(BACKGROUND_RECHECK);
        return out;
    }

    /** The timers and daemons whose filters match the object now (on its body, as for event handlers). */
    private List<HandlerSpec> matchingSpawners(ObjectContext object) {
        Instant now = collaborators.clock().instant();
        List<HandlerSpec> out = new ArrayList<>();
        for (HandlerSpec h : spawningHandlers) {
            if (h.passes(RealHandlerContext.forBackground(object, h, null, now, null))) {
                out.add(h);
            }
        }
        return out;
    }

    private ChangingCause detect(ObjectContext object, String eventType, ObjectMemory memory) {
        JsonNode body = object.body();
        ObjectNode old = diffBase.fetch(body, problem -> object.logger().warn(
                "{}; handling the object as if it was never handled (it is rewritten once handled).", problem));
        ObjectNode now = diffBase.build(body, extraFields);
        Diff diff = Diffs.diff(old, now);
        Causes.Observation o = Causes.Observation.of(eventType, body, finalizer, old != null, !diff.isEmpty(),
                memory.initial());
        ChangeReason reason = Causes.detect(o);
        return new ChangingCause(reason, object, old, now, diff, Causes.resumes(reason, o));
    }

    /** Whether any change handler is for this object at all (filters only, not the cause). */
    private boolean prematches(ChangingCause cause) {
        Instant now = collaborators.clock().instant();
        for (HandlerSpec h : changingHandlers) {
            if (passes(h, cause, now)) {
                return true;
            }
        }
        return false;
    }

    private boolean requiresFinalizer(ChangingCause cause) {
        Instant now = collaborators.clock().instant();
        for (HandlerSpec h : changingHandlers) {
            if (h.requiresFinalizer() && passes(h, cause, now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passes(HandlerSpec h, ChangingCause cause, Instant now) {
        return h.passes(RealHandlerContext.forFilters(cause, h, now));
    }

    /** The handlers for this cause, in registration order (Kopf's {@code ChangingRegistry.iter_handlers}). */
    List<HandlerSpec> handlersFor(ChangingCause cause) {
        Instant now = collaborators.clock().instant();
        List<HandlerSpec> out = new ArrayList<>();
        for (HandlerSpec h : changingHandlers) {
            if (!reasonMatches(h, cause)) {
                continue;
            }
            if (h.kind() == HandlerKind.RESUME && (!cause.initial() || (cause.deleted() && !h.deleted()))) {
                continue;
            }
            if (needsChange(h) && !fieldChanged(h.field().get(), cause)) {
                continue;
            }
            if (passes(h, cause, now)) {
                out.add(h);
            }
        }
        return out;
    }

    private static boolean reasonMatches(HandlerSpec h, ChangingCause cause) {
        switch (h.kind()) {
            case CREATE:
                return cause.reason() == ChangeReason.CREATE;
            case UPDATE:
                return cause.reason() == ChangeReason.UPDATE;
            case DELETE:
                return cause.reason() == ChangeReason.DELETE;
            case RESUME:
            case FIELD:
                return true;    // any reason (Kopf: reason=None)
            default:
                return false;
        }
    }

    private static boolean needsChange(HandlerSpec h) {
        return h.field().isPresent() && (h.kind() == HandlerKind.FIELD || h.kind() == HandlerKind.UPDATE);
    }

    private static boolean fieldChanged(FieldPath field, ChangingCause cause) {
        JsonNode old = cause.old() == null ? null : field.resolve(cause.old());
        JsonNode now = cause.now() == null ? null : field.resolve(cause.now());
        boolean oldAbsent = old == null || old.isMissingNode();
        boolean nowAbsent = now == null || now.isMissingNode();
        if (oldAbsent || nowAbsent) {
            return oldAbsent != nowAbsent;
        }
        return !old.equals(now);
    }

    /** Kopf's {@code process_changing_cause}: returns the delays of the unfinished handlers. */
    private List<Duration> handle(ChangingCause cause, ObjectMemory memory) {
        ObjectContext object = cause.object();
        Logger logger = object.logger();
        JsonNode body = object.body();
        RealPatch patch = object.patch();
        List<Duration> delays = List.of();
        boolean finished = false;
        if (cause.reason().runsHandlers()) {
            String title = cause.reason().title();
            String purpose = cause.reason().purpose();
            List<HandlerSpec> causeHandlers = handlersFor(cause);
            List<HandlerId> causeIds = new ArrayList<>();
            causeHandlers.forEach(h -> causeIds.add(h.id()));
            Instant now = execution.now();
            HandlerStates states = HandlerStates.fromStorage(body, progress, ownedIds, now,
                            problem -> logger.warn("{}; the handler starts afresh.", problem))
                    .withPurpose(purpose, List.of())
                    .withHandlers(causeIds, now);
            for (Map.Entry<String, HandlerStates.Counters> extra : states.extras().entrySet()) {
                HandlerStates.Counters c = extra.getValue();
                logger.info("{} is superseded by {}: {} succeeded; {} failed; {} left to the moment.",
                        capitalized(extra.getKey()), title, c.success(), c.failure(), c.running());
                states = states.withPurpose(purpose, causeIds);
            }
            if (!states.extras().isEmpty()) {
                states.purge(body, patch, progress, ownedIds);
            }
            logger.debug("{} is in progress.", capitalized(title));
            if (!cause.diff().isEmpty() && cause.old() != null) {
                logger.debug("{} diff: {}", capitalized(title),
                        SecretRedaction.diff(object.resource(), cause.diff()));
            }
            if (!causeHandlers.isEmpty()) {
                states = execution.handle(causeHandlers, ownedIds, states, cause);
                if (states.done()) {
                    HandlerStates.Counters c = states.counts();
                    logger.info("{} is processed: {} succeeded; {} failed.", capitalized(title), c.success(),
                            c.failure());
                    states.purge(body, patch, progress, ownedIds);
                }
                finished = states.done();
                delays = states.delays(execution.now());
            } else {
                finished = true;
            }
        }
        if (finished) {
            if (cause.now() != null && !cause.now().equals(cause.old())) {
                diffBase.store(body, patch, cause.now());
            }
            memory.handledOnce();
        }
        if (cause.reason() == ChangeReason.GONE) {
            logger.debug("Deleted, really deleted, and we are notified.");
        } else if (cause.reason() == ChangeReason.FREE) {
            logger.debug("Deletion, but we are done with it, and we do not care.");
        } else if (cause.reason() == ChangeReason.NOOP) {
            logger.debug("Something has changed, but we are not interested (the essence is the same).");
        }
        return delays;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** For tests: the transformations waiting for the next cycle. */
    static List<Consumer<ObjectNode>> remaining(ObjectMemory memory) {
        return memory.remaining();
    }
}
