package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.node.TextNode;
import io.kopf4j.AdmissionOptions;
import io.kopf4j.ActivityContext;
import io.kopf4j.ActivityHandler;
import io.kopf4j.Handler;
import io.kopf4j.HandlerOptions;
import io.kopf4j.Index;
import io.kopf4j.Kopf;
import io.kopf4j.Memo;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Registry;
import io.kopf4j.Retry;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;
import org.slf4j.Logger;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The operator's resource handlers, from annotated operator objects ({@link #scan}) and from code (the public
 * {@link Registry}), with the queries the watching and handling layers ask. Registration happens at start-up and is
 * checked then; queries are thread-safe. Kopf: {@code kopf/_core/intents/registries.py} ({@code OperatorRegistry},
 * {@code ChangingRegistry}, {@code WatchingRegistry}). Not API.
 */
public final class RealRegistry implements Registry {
    private final List<HandlerSpec> specs = new CopyOnWriteArrayList<>();
    private final List<AdmissionSpec> admission = new CopyOnWriteArrayList<>();
    /** Index handlers and activities registered in code: the lifecycle reads them beside the annotated ones. */
    private final List<HandlerSpec> indexSpecs = new CopyOnWriteArrayList<>();
    private final List<ActivitySpec> activitySpecs = new CopyOnWriteArrayList<>();

    /** A registry of the handlers of these operator objects; a {@link RealRegistry} among them is merged in. */
    public static RealRegistry of(Object... operators) {
        RealRegistry registry = new RealRegistry();
        for (Object operator : operators) {
            if (operator instanceof RealRegistry) {
                ((RealRegistry) operator).specs.forEach(registry::register);
                ((RealRegistry) operator).admission.forEach(registry::register);
            } else {
                registry.scan(operator);
            }
        }
        return registry;
    }

    /** Adds the annotated handlers of an operator object; a {@link RegistrationError} for any problem. */
    public RealRegistry scan(Object operator) {
        AnnotationScanner.scan(Objects.requireNonNull(operator, "operator")).forEach(this::register);
        AnnotationScanner.scanAdmission(operator).forEach(this::register);
        return this;
    }

    /** Adds one handler; a {@link RegistrationError} when its id is taken for the same resource and kind. */
    public synchronized void register(HandlerSpec spec) {
        for (HandlerSpec other : specs) {
            if (other.id().equals(spec.id()) && other.kind() == spec.kind() && other.selector().equals(spec.selector())) {
                String where = spec.invoker().source() instanceof Method ? "method " + spec.description()
                        : spec.description();
                throw new RegistrationError("Duplicate handler id \"" + spec.id() + "\" for " + spec.selector()
                        + " (" + spec.kind() + "), also used by " + other.description()
                        + "; give one of them another id\n    for " + where);
            }
        }
        specs.add(spec);
    }

    /**
     * Adds one admission handler; a {@link RegistrationError} when another admission handler has its id: the id is
     * the webhook's path, so it must name one handler.
     */
    public synchronized void register(AdmissionSpec spec) {
        for (AdmissionSpec other : admission) {
            if (other.id().equals(spec.id())) {
                throw new RegistrationError("Duplicate admission handler id \"" + spec.id() + "\", also used by "
                        + other.description() + "; the id is the webhook's path, give one of them another id"
                        + "\n    for " + (spec.invoker().source() instanceof Method ? "method " : "")
                        + spec.description());
            }
        }
        admission.add(spec);
    }

    /** Every admission handler ({@code @On.Validate}, {@code @On.Mutate}), in registration order. */
    public List<AdmissionSpec> admissionHandlers() {
        return List.copyOf(admission);
    }

    /** Every handler, in registration order. */
    public List<HandlerSpec> handlers() {
        return List.copyOf(specs);
    }

    /** The index handlers registered in code ({@link #onIndex}), in registration order; the id is the index name. */
    public List<HandlerSpec> indexHandlers() {
        return List.copyOf(indexSpecs);
    }

    /** The startup, cleanup and probe handlers registered in code, in registration order. */
    public List<ActivitySpec> activityHandlers() {
        return List.copyOf(activitySpecs);
    }

    /**
     * The change handlers of these kinds for the resource (filters not checked), in registration order; a function
     * registered for several of these kinds under one id comes once (Kopf's {@code _deduplicated}: e.g.
     * {@code @On.Create} plus {@code @On.Resume} on one method, for an object created while the operator was down).
     */
    public List<HandlerSpec> changingHandlers(ResourceKind resource, Set<HandlerKind> kinds) {
        List<HandlerSpec> out = new ArrayList<>();
        Set<List<Object>> seen = new HashSet<>();
        for (HandlerSpec spec : specs) {
            if (spec.kind().changing() && kinds.contains(spec.kind()) && spec.isFor(resource)
                    && seen.add(List.of(spec.invoker().source(), spec.id()))) {
                out.add(spec);
            }
        }
        return out;
    }

    /** As {@link #changingHandlers(ResourceKind, Set)}, keeping those whose filters pass for the cause. */
    public List<HandlerSpec> changingHandlers(ResourceKind resource, Set<HandlerKind> kinds,
                                              InvocationContext context) {
        return changingHandlers(resource, kinds).stream().filter(s -> s.passes(context)).collect(Collectors.toList());
    }

    /** The event handlers for the resource (filters not checked), in registration order. */
    public List<HandlerSpec> eventHandlers(ResourceKind resource) {
        return specs.stream().filter(s -> s.kind() == HandlerKind.EVENT && s.isFor(resource))
                .collect(Collectors.toList());
    }

    /** The event handlers for the resource whose filters pass for this event. */
    public List<HandlerSpec> eventHandlers(ResourceKind resource, InvocationContext context) {
        return eventHandlers(resource).stream().filter(s -> s.passes(context)).collect(Collectors.toList());
    }

    /** Whether any handler (change or event) is for the resource, i.e. whether to watch it. */
    public boolean hasHandlers(ResourceKind resource) {
        return specs.stream().anyMatch(s -> s.isFor(resource));
    }

    /** Whether any change handler (not counting event handlers) is for the resource. */
    public boolean hasChangingHandlers(ResourceKind resource) {
        return specs.stream().anyMatch(s -> s.kind().changing() && s.isFor(resource));
    }

    /**
     * Whether this object needs the operator's finalizer: a non-optional delete handler for the resource whose filters
     * pass for it (Kopf's {@code requires_finalizer} with {@code prematch}). When filters stop matching, the finalizer
     * is no longer needed and can go.
     */
    public boolean requiresFinalizer(ResourceKind resource, InvocationContext context) {
        return specs.stream().anyMatch(s -> s.requiresFinalizer() && s.isFor(resource) && s.passes(context));
    }

    /** Whether some object of the resource may need the finalizer (a non-optional delete handler exists). */
    public boolean mayRequireFinalizer(ResourceKind resource) {
        return specs.stream().anyMatch(s -> s.requiresFinalizer() && s.isFor(resource));
    }

    /** The selectors of all handlers: what the discovery scanner resolves and the lifecycle watches. */
    public Set<ResourceSelector> selectors() {
        return specs.stream().map(HandlerSpec::selector).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Which of the served resources some handler selects. */
    public Set<ResourceKind> selected(Collection<ResourceKind> served) {
        return served.stream().filter(this::hasHandlers).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /**
     * The watch's {@code labelSelector} for the resource (beyond Kopf: less traffic): the plain label filters
     * ({@code key=value}, {@code key}, {@code !key}) that every handler of the resource has, comma-joined and sorted;
     * {@code ""} when they share none. Also {@code ""} when a handler of the resource may need the finalizer: an object
     * whose labels stop matching would leave the watch and keep the finalizer for ever, where Kopf sees it and removes
     * the finalizer. Predicates and annotation filters stay client-side.
     */
    public String labelSelector(ResourceKind resource) {
        Set<String> common = null;
        for (HandlerSpec spec : specs) {
            if (!spec.isFor(resource)) {
                continue;
            }
            if (spec.requiresFinalizer()) {
                return "";
            }
            Set<String> terms = new TreeSet<>();
            for (Predicate<InvocationContext> f : spec.filters()) {
                if (f instanceof Filters.MetaFilter) {
                    ((Filters.MetaFilter) f).selectorTerm().ifPresent(terms::add);
                }
            }
            if (common == null) {
                common = terms;
            } else {
                common.retainAll(terms);
            }
        }
        return common == null ? "" : String.join(",", common);
    }

    // The public, programmatic registry.

    @Override
    public Registry onCreate(String resource, Handler handler) {
        return onCreate(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onCreate(String resource, Handler handler, HandlerOptions options) {
        return add("onCreate", HandlerKind.CREATE, resource, null, handler, options);
    }

    @Override
    public Registry onUpdate(String resource, Handler handler) {
        return onUpdate(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onUpdate(String resource, Handler handler, HandlerOptions options) {
        return add("onUpdate", HandlerKind.UPDATE, resource, null, handler, options);
    }

    @Override
    public Registry onDelete(String resource, Handler handler) {
        return onDelete(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onDelete(String resource, Handler handler, HandlerOptions options) {
        return add("onDelete", HandlerKind.DELETE, resource, null, handler, options);
    }

    @Override
    public Registry onResume(String resource, Handler handler) {
        return onResume(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onResume(String resource, Handler handler, HandlerOptions options) {
        return add("onResume", HandlerKind.RESUME, resource, null, handler, options);
    }

    @Override
    public Registry onField(String resource, String field, Handler handler) {
        return onField(resource, field, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onField(String resource, String field, Handler handler, HandlerOptions options) {
        if (Objects.requireNonNull(field, "field").isEmpty()) {
            throw new RegistrationError("A field handler needs a field\n    for registry.onField(\"" + resource + "\")");
        }
        return add("onField", HandlerKind.FIELD, resource, FieldPath.parse(field), handler, options);
    }

    @Override
    public Registry onEvent(String resource, Handler handler) {
        return onEvent(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onEvent(String resource, Handler handler, HandlerOptions options) {
        return add("onEvent", HandlerKind.EVENT, resource, null, handler, options);
    }

    @Override
    public Registry onValidate(String resource, Handler handler) {
        return onValidate(resource, handler, AdmissionOptions.defaults());
    }

    @Override
    public Registry onValidate(String resource, Handler handler, AdmissionOptions options) {
        return addAdmission("onValidate", AdmissionSpec.Kind.VALIDATING, resource, handler, options);
    }

    @Override
    public Registry onMutate(String resource, Handler handler) {
        return onMutate(resource, handler, AdmissionOptions.defaults());
    }

    @Override
    public Registry onMutate(String resource, Handler handler, AdmissionOptions options) {
        return addAdmission("onMutate", AdmissionSpec.Kind.MUTATING, resource, handler, options);
    }

    private Registry addAdmission(String method, AdmissionSpec.Kind kind, String resource, Handler handler,
                                  AdmissionOptions options) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        String description = "registry." + method + "(\"" + resource + "\")";
        checkResource(resource, description);
        String subresource = options.subresource();
        if (!subresource.equals(AdmissionSpec.ANY_SUBRESOURCE) && !subresource.matches("[a-z0-9]*")) {
            throw new RegistrationError("subresource \"" + subresource + "\" is not a subresource name (such as "
                    + "\"status\" or \"scale\"), nor \"*\" for all\n    for " + description);
        }
        String id = options.id().orElse(method + "." + (resource.equals(Kopf.EVERYTHING) ? "everything" : resource));
        List<Predicate<InvocationContext>> filters = new ArrayList<>();
        options.labels().forEach((k, v) -> filters.add(new Filters.MetaFilter(Filters.Section.LABELS, k, token(v))));
        options.annotations().forEach((k, v) ->
                filters.add(new Filters.MetaFilter(Filters.Section.ANNOTATIONS, k, token(v))));
        options.when().ifPresent(w -> filters.add(new Filters.ContextFilter(w)));
        register(new AdmissionSpec(HandlerId.of(id), kind, ResourceSelector.named(resource), filters,
                options.operations(), Optional.of(subresource), options.persistent(), options.sideEffects(),
                options.ignoreFailures(), options.param(), new HandlerInvoker(handler), description));
        return this;
    }

    public Registry onTimer(String resource, Duration interval, Handler handler) {
        return onTimer(resource, handler, HandlerOptions.builder().interval(interval).build());
    }

    @Override
    public Registry onTimer(String resource, Handler handler, HandlerOptions options) {
        return add("onTimer", HandlerKind.TIMER, resource, null, handler, options);
    }

    @Override
    public Registry onDaemon(String resource, Handler handler) {
        return onDaemon(resource, handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onDaemon(String resource, Handler handler, HandlerOptions options) {
        return add("onDaemon", HandlerKind.DAEMON, resource, null, handler, options);
    }

    @Override
    public Registry onIndex(String resource, String name, Handler handler) {
        return onIndex(resource, name, handler, HandlerOptions.defaults());
    }

    @Override
    public synchronized Registry onIndex(String resource, String name, Handler handler, HandlerOptions options) {
        String description = "registry.onIndex(\"" + resource + "\", \"" + name + "\")";
        if (Objects.requireNonNull(name, "name").isEmpty()) {
            throw new RegistrationError("An index needs a name\n    for " + description);
        }
        if (options.id().isPresent() && !options.id().get().equals(name)) {
            throw new RegistrationError("The index is named \"" + name + "\" but its options give the id \""
                    + options.id().get() + "\"; give the name only once\n    for " + description);
        }
        for (HandlerSpec other : indexSpecs) {
            if (other.id().toString().equals(name)) {
                throw new RegistrationError("Duplicate index name \"" + name + "\", also used by "
                        + other.description() + "\n    for " + description);
            }
        }
        indexSpecs.add(build("onIndex", HandlerKind.EVENT, resource, null, handler, options, name, description));
        return this;
    }

    @Override
    public Registry onStartup(ActivityHandler handler) {
        return onStartup(handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onStartup(ActivityHandler handler, HandlerOptions options) {
        return activity("onStartup", ActivitySpec.Activity.STARTUP, options.id().orElse("onStartup"), handler,
                options);
    }

    @Override
    public Registry onCleanup(ActivityHandler handler) {
        return onCleanup(handler, HandlerOptions.defaults());
    }

    @Override
    public Registry onCleanup(ActivityHandler handler, HandlerOptions options) {
        return activity("onCleanup", ActivitySpec.Activity.CLEANUP, options.id().orElse("onCleanup"), handler,
                options);
    }

    @Override
    public Registry onProbe(String id, ActivityHandler handler) {
        if (Objects.requireNonNull(id, "id").isEmpty()) {
            throw new RegistrationError("A probe needs an id: its result is reported under it\n    for "
                    + "registry.onProbe(\"\")");
        }
        return activity("onProbe", ActivitySpec.Activity.PROBE, id, handler,
                HandlerOptions.builder().id(id).errors(io.kopf4j.ErrorMode.PERMANENT).retries(0).build());
    }

    private synchronized Registry activity(String method, ActivitySpec.Activity activity, String id,
                                           ActivityHandler handler, HandlerOptions options) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        String description = "registry." + method + "(\"" + id + "\")";
        if (!options.labels().isEmpty() || !options.annotations().isEmpty() || options.when().isPresent()) {
            throw new RegistrationError("Filters (labels, annotations, when) do not apply to operator-level "
                    + "handlers\n    for " + description);
        }
        rejectBackgroundOptions(options, description);
        for (ActivitySpec other : activitySpecs) {
            if (other.activity() == activity && other.id().equals(id)) {
                throw new RegistrationError("Duplicate handler id \"" + id + "\" for " + activity + ", also used by "
                        + other.description() + "; give one of them another id\n    for " + description);
            }
        }
        ActivitySpec.ActivityInvoker invoker = c -> handler.handle(new CodedActivityContext(c));
        activitySpecs.add(new ActivitySpec(id, activity, options.errors(), options.timeout(), options.retries(),
                options.backoff(), invoker, description));
        return this;
    }

    /** The public view of an activity's context, for {@link ActivityHandler} lambdas. */
    private record CodedActivityContext(ActivitySpec.Context context) implements ActivityContext {
        @Override
        public OperatorSettings settings() {
            return context.settings();
        }

        @Override
        public Logger logger() {
            return context.logger();
        }

        @Override
        public Memo memo() {
            return context.memo();
        }

        @Override
        public Retry retry() {
            int attempt = context.retry();
            return () -> attempt;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> Index<K, V> index(String name) {
            return (Index<K, V>) context.indices().apply(name);
        }
    }

    private Registry add(String method, HandlerKind kind, String resource, FieldPath field, Handler handler,
                         HandlerOptions options) {
        String description = "registry." + method + "(\"" + resource + "\""
                + (field == null ? "" : ", \"" + field + "\"") + ")";
        register(build(method, kind, resource, field, handler, options, null, description));
        return this;
    }

    /** A resource name a registration may use: any name form, or {@link Kopf#EVERYTHING}. */
    private static void checkResource(String resource, String description) {
        if (resource.isEmpty()) {
            throw new RegistrationError("No resource given\n    for " + description);
        }
        if (!resource.equals(Kopf.EVERYTHING)) {
            try {
                ResourceKind.NameQuery.parse(resource);
            } catch (IllegalArgumentException e) {
                throw new RegistrationError("Invalid resource \"" + resource + "\": " + e.getMessage()
                        + "\n    for " + description);
            }
        }
    }

    /**
     * The spec of a resource handler registered in code; {@code id} overrides the options' id (index names). Every
     * problem is a {@link RegistrationError} naming the registration.
     */
    private HandlerSpec build(String method, HandlerKind kind, String resource, FieldPath field, Handler handler,
                              HandlerOptions options, String id, String description) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        checkResource(resource, description);
        if (id == null) {
            id = options.id().orElse(method + "." + (resource.equals(Kopf.EVERYTHING) ? "everything" : resource));
        }
        if (field != null) {
            id = id + "/" + field;
        }
        List<Predicate<InvocationContext>> filters = new ArrayList<>();
        options.labels().forEach((k, v) -> filters.add(new Filters.MetaFilter(Filters.Section.LABELS, k, token(v))));
        options.annotations().forEach((k, v) ->
                filters.add(new Filters.MetaFilter(Filters.Section.ANNOTATIONS, k, token(v))));
        if (field != null) {
            filters.add(new Filters.FieldValueFilter(field, false, Filters.Expectation.ANY));
            filters.add(new Filters.FieldChangeFilter(field, true, Filters.Expectation.ANY, Filters.Expectation.ANY));
        }
        options.when().ifPresent(w -> filters.add(new Filters.ContextFilter(w)));
        Optional<BackgroundOptions> background = kind.spawning() ? Optional.of(background(kind, options, description))
                : Optional.empty();
        if (background.isEmpty()) {
            rejectBackgroundOptions(options, description);
        }
        return new HandlerSpec(HandlerId.of(id), kind, ResourceSelector.named(resource), filters,
                Optional.ofNullable(field), options.errors(), options.timeout(), options.retries(), options.backoff(),
                kind == HandlerKind.DELETE && options.optional(), kind == HandlerKind.RESUME && options.deleted(),
                options.param(), new HandlerInvoker(handler), description, background);
    }

    /** A timer's or daemon's options, as the annotations allow them: a timer needs an interval or idle. */
    private static BackgroundOptions background(HandlerKind kind, HandlerOptions options, String description) {
        if (kind == HandlerKind.TIMER) {
            if (options.interval().isEmpty() && options.idle().isEmpty()) {
                throw new RegistrationError("A timer needs an interval or idle (or both)\n    for " + description);
            }
            rejectIf(options.cancellationBackoff().isPresent() || options.cancellationTimeout().isPresent()
                    || options.cancellationPolling().isPresent(), "The cancellation options are for daemons",
                    description);
        } else {
            rejectIf(options.interval().isPresent() || options.idle().isPresent() || options.sharp(),
                    "interval, idle and sharp are for timers", description);
        }
        Optional<Invoker> delay = options.initialDelayFunction().map(f -> context -> f.apply(context));
        return new BackgroundOptions(options.interval(), options.initialDelay(), delay, options.idle(),
                options.sharp(), options.cancellationBackoff(), options.cancellationTimeout(),
                options.cancellationPolling());
    }

    /** Options of timers and daemons given to another kind of handler are a mistake, not silently ignored. */
    private static void rejectBackgroundOptions(HandlerOptions options, String description) {
        rejectIf(options.interval().isPresent() || options.idle().isPresent() || options.sharp()
                        || options.initialDelay().isPresent() || options.initialDelayFunction().isPresent()
                        || options.cancellationBackoff().isPresent() || options.cancellationTimeout().isPresent()
                        || options.cancellationPolling().isPresent(),
                "interval, initialDelay, idle, sharp and the cancellation options are for timers and daemons",
                description);
    }

    private static void rejectIf(boolean wrong, String problem, String description) {
        if (wrong) {
            throw new RegistrationError(problem + "\n    for " + description);
        }
    }

    private static Filters.Expectation token(String value) {
        if (value.equals(Kopf.PRESENT)) {
            return Filters.Expectation.PRESENT;
        }
        if (value.equals(Kopf.ABSENT)) {
            return Filters.Expectation.ABSENT;
        }
        return Filters.Expectation.equalTo(TextNode.valueOf(value));
    }

    @Override
    public String toString() {
        return "RealRegistry" + specs.stream().map(s -> s.kind() + " " + s.id() + " for " + s.selector())
                .collect(Collectors.toList());
    }

}
