package io.kopf4j.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.kopf4j.ErrorMode;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Resource;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Parses an operator object's annotated methods into {@link HandlerSpec}s, once, at start-up: selectors, filters,
 * options and parameter binders. Every problem is a {@link RegistrationError} naming the class, the method and the
 * problem; nothing is left to fail at run time. Kopf: {@code kopf/on.py}. Not API.
 *
 * <p>Which methods: those of the object's class and its superclasses (not interfaces), of any visibility, annotated
 * with {@link On.Create}, {@link On.Update}, {@link On.Delete}, {@link On.Resume}, {@link On.Field} or
 * {@link On.Event} (several at once are fine: one spec each, in that order). A method overridden in a subclass counts
 * once, with the subclass's annotations. Static methods are fine (called without the object); abstract ones are an
 * error. Methods are taken in name order (reflection does not tell the source order).
 */
public final class AnnotationScanner {

    /** The six resource-handler annotations with their kinds, in the order specs are built for one method. */
    private static final Map<Class<? extends Annotation>, HandlerKind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(On.Create.class, HandlerKind.CREATE);
        KINDS.put(On.Update.class, HandlerKind.UPDATE);
        KINDS.put(On.Delete.class, HandlerKind.DELETE);
        KINDS.put(On.Resume.class, HandlerKind.RESUME);
        KINDS.put(On.Field.class, HandlerKind.FIELD);
        KINDS.put(On.Event.class, HandlerKind.EVENT);
        KINDS.put(On.Timer.class, HandlerKind.TIMER);
        KINDS.put(On.Daemon.class, HandlerKind.DAEMON);
    }

    /** Strict JSON literals: {@code 3 4} or {@code abc} are errors, not a 3 or a token. */
    private static final ObjectMapper LITERALS = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AnnotationScanner() {
    }

    /** The annotations this scanner reads. */
    public static Set<Class<? extends Annotation>> annotations() {
        return KINDS.keySet();
    }

    /** All handler specs of the operator object, in method-name order; a {@link RegistrationError} at the first problem. */
    public static List<HandlerSpec> scan(Object operator) {
        List<HandlerSpec> specs = new ArrayList<>();
        for (Method method : methods(operator.getClass())) {
            for (Map.Entry<Class<? extends Annotation>, HandlerKind> e : KINDS.entrySet()) {
                Annotation annotation = method.getAnnotation(e.getKey());
                if (annotation != null) {
                    specs.add(parse(operator, method, annotation, e.getValue()));
                }
            }
        }
        return specs;
    }

    /**
     * The index handlers ({@link On.Index}) of the operator object, in method-name order: resource handlers that see
     * every event like event handlers (same selectors and filters); the lifecycle keeps them apart from the others.
     * For a {@link RealRegistry}, those registered in code.
     */
    public static List<HandlerSpec> scanIndices(Object operator) {
        if (operator instanceof RealRegistry registry) {
            return registry.indexHandlers();     // registered in code
        }
        List<HandlerSpec> specs = new ArrayList<>();
        for (Method method : methods(operator.getClass())) {
            On.Index annotation = method.getAnnotation(On.Index.class);
            if (annotation != null) {
                specs.add(parse(operator, method, annotation, HandlerKind.EVENT));
            }
        }
        return specs;
    }

    /** All methods of the class and its superclasses (not overridden ones), for the other scanners. */
    static List<Method> allMethods(Class<?> type) {
        return methods(type);
    }

    /**
     * Methods of the class and its superclasses, minus overridden, synthetic and bridge ones; by name. Annotations are
     * not inherited: an annotated method overridden by one without annotations is an error, not silently dropped.
     */
    private static List<Method> methods(Class<?> type) {
        List<Method> out = new ArrayList<>();
        Map<String, Method> seen = new HashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Method[] declared = c.getDeclaredMethods();
            Arrays.sort(declared, Comparator.comparing(Method::getName)
                    .thenComparing(m -> Arrays.toString(m.getParameterTypes())));
            for (Method m : declared) {
                if (m.isSynthetic() || m.isBridge()) {
                    continue;
                }
                Method override = seen.putIfAbsent(m.getName() + Arrays.toString(m.getParameterTypes()), m);
                if (override == null) {
                    out.add(m);
                } else if (isHandler(m) && !isHandler(override)) {
                    throw RegistrationError.forMethod(m, "Handler annotations are not inherited, but "
                            + RegistrationError.describe(override) + " overrides this method without them;"
                            + " annotate the overriding method");
                }
            }
        }
        return out;
    }

    private static boolean isHandler(Method m) {
        return KINDS.keySet().stream().anyMatch(m::isAnnotationPresent)
                || OTHERS.stream().anyMatch(m::isAnnotationPresent);
    }

    /** Handler annotations that other scanners read (index and activity handlers), also not inherited. */
    private static final List<Class<? extends Annotation>> OTHERS = List.of(On.Index.class, On.Startup.class,
            On.Cleanup.class, On.Probe.class, On.Validate.class, On.Mutate.class);

    private static HandlerSpec parse(Object operator, Method method, Annotation annotation, HandlerKind kind) {
        Site site = new Site(operator, method, annotation);
        ResourceSelector selector = selector(site);
        Optional<FieldPath> field = field(site, kind);

        String value = site.string("fieldValue");
        String oldValue = site.string("oldValue");
        String newValue = site.string("newValue");
        if (field.isEmpty() && !(value.isEmpty() && oldValue.isEmpty() && newValue.isEmpty())) {
            throw site.error("fieldValue, oldValue and newValue need a field: set field or fieldPath");
        }
        if (!value.isEmpty() && !(oldValue.isEmpty() && newValue.isEmpty())) {
            throw site.error("Either fieldValue or oldValue/newValue can be given, not both");
        }

        Optional<Duration> timeout = site.seconds("timeout");
        OptionalInt retries = site.count("retries");
        Optional<Duration> backoff = site.seconds("backoff");

        List<Predicate<InvocationContext>> filters = new ArrayList<>(metaFilters(site));
        if (field.isPresent()) {
            filters.add(new Filters.FieldValueFilter(field.get(), kind == HandlerKind.EVENT || kind.spawning(),
                    expectation(site, "fieldValue", value)));
            boolean needsChange = kind == HandlerKind.UPDATE || kind == HandlerKind.FIELD;
            if (kind.changing() && !kind.spawning() && (needsChange || !oldValue.isEmpty() || !newValue.isEmpty())) {
                filters.add(new Filters.FieldChangeFilter(field.get(), needsChange,
                        expectation(site, "oldValue", oldValue), expectation(site, "newValue", newValue)));
            }
        }
        String where = "@On." + annotation.annotationType().getSimpleName() + " handlers";
        whenMethod(site).ifPresent(m -> {
            ParameterBinder.rejectAdmissionOnly(m, 0, where);
            filters.add(new Filters.WhenFilter(new MethodInvoker(site.target(m), m)));
        });
        ParameterBinder.rejectAdmissionOnly(method, 0, where);

        String id = site.string("id").isEmpty() ? method.getName() : site.string("id");
        if (field.isPresent()) {
            id = id + "/" + field.get();
        }
        ErrorMode errors = site.has("errors") ? (ErrorMode) site.get("errors") : ErrorMode.TEMPORARY;
        boolean optional = site.has("optional") && (Boolean) site.get("optional");
        boolean deleted = site.has("deleted") && (Boolean) site.get("deleted");
        Invoker invoker = new MethodInvoker(site.target(method), method);
        Optional<BackgroundOptions> background = kind.spawning() ? Optional.of(background(site)) : Optional.empty();
        return new HandlerSpec(HandlerId.of(id), kind, selector, filters, field, errors, timeout, retries, backoff,
                optional, deleted, site.string("param"), invoker, RegistrationError.describe(method), background);
    }

    /** The label and annotation filters of the annotation, in that order. */
    private static List<Predicate<InvocationContext>> metaFilters(Site site) {
        List<Predicate<InvocationContext>> filters = new ArrayList<>();
        for (String label : site.strings("labels")) {
            filters.add(metaFilter(site, "labels", Filters.Section.LABELS, label));
        }
        for (String a : site.strings("annotations")) {
            filters.add(metaFilter(site, "annotations", Filters.Section.ANNOTATIONS, a));
        }
        return filters;
    }

    /** The {@code when} method, checked to return boolean; empty when none is named. */
    private static Optional<Method> whenMethod(Site site) {
        String when = site.string("when");
        if (when.isEmpty()) {
            return Optional.empty();
        }
        String what = "when = \"" + when + "\"";
        Method m = site.method(what, when);
        site.requireBoolean(what, m);
        return Optional.of(m);
    }

    /** Timers' and daemons' options; a timer needs an interval or idle. */
    private static BackgroundOptions background(Site site) {
        Optional<Duration> initialDelay = site.fractionalSeconds("initialDelay");
        Optional<Invoker> initialDelayMethod = Optional.empty();
        String name = site.string("initialDelayMethod");
        if (!name.isEmpty()) {
            if (initialDelay.isPresent()) {
                throw site.error("Either initialDelay or initialDelayMethod can be given, not both");
            }
            String what = "initialDelayMethod = \"" + name + "\"";
            Method m = site.method(what, name);
            Class<?> r = m.getReturnType();
            if (r != Duration.class && !Number.class.isAssignableFrom(r) && !(r.isPrimitive() && r != void.class
                    && r != boolean.class && r != char.class)) {
                throw site.error(what + " must return a Duration or seconds as a number, but "
                        + RegistrationError.describe(m) + " returns " + RegistrationError.className(r));
            }
            initialDelayMethod = Optional.of(new MethodInvoker(site.target(m), m));
        }
        Optional<Duration> interval = site.fractionalSeconds("interval");
        Optional<Duration> idle = site.fractionalSeconds("idle");
        boolean sharp = site.has("sharp") && (Boolean) site.get("sharp");
        if (site.has("interval") && interval.isEmpty() && idle.isEmpty()) {
            throw site.error("A timer needs an interval or idle (or both)");
        }
        if (interval.isPresent() && interval.get().isZero()) {
            throw site.error("interval = 0 would run the timer in a busy loop; use a positive interval");
        }
        return new BackgroundOptions(interval, initialDelay, initialDelayMethod, idle, sharp,
                site.fractionalSeconds("cancellationBackoff"), site.fractionalSeconds("cancellationTimeout"),
                site.fractionalSeconds("cancellationPolling"));
    }

    // Admission handlers (@On.Validate, @On.Mutate): kept apart from the resource handlers above.

    /** The two admission annotations with their kinds, in the order specs are built for one method. */
    private static final Map<Class<? extends Annotation>, AdmissionSpec.Kind> ADMISSION_KINDS = new LinkedHashMap<>();

    static {
        ADMISSION_KINDS.put(On.Validate.class, AdmissionSpec.Kind.VALIDATING);
        ADMISSION_KINDS.put(On.Mutate.class, AdmissionSpec.Kind.MUTATING);
    }

    /** The admission annotations this scanner reads. */
    public static Set<Class<? extends Annotation>> admissionAnnotations() {
        return ADMISSION_KINDS.keySet();
    }

    /**
     * The admission handlers ({@link On.Validate}, {@link On.Mutate}) of the operator object, in method-name order;
     * a {@link RegistrationError} at the first problem. Their filters look at the request's object (as event
     * handlers' at the body); their ids get {@code /<field>} with a field, as Kopf's.
     */
    public static List<AdmissionSpec> scanAdmission(Object operator) {
        List<AdmissionSpec> specs = new ArrayList<>();
        for (Method method : methods(operator.getClass())) {
            for (Map.Entry<Class<? extends Annotation>, AdmissionSpec.Kind> e : ADMISSION_KINDS.entrySet()) {
                Annotation annotation = method.getAnnotation(e.getKey());
                if (annotation != null) {
                    specs.add(parseAdmission(operator, method, annotation, e.getValue()));
                }
            }
        }
        return specs;
    }

    private static AdmissionSpec parseAdmission(Object operator, Method method, Annotation annotation,
                                                AdmissionSpec.Kind kind) {
        Site site = new Site(operator, method, annotation);
        ResourceSelector selector = selector(site);
        Optional<FieldPath> field = field(site, HandlerKind.EVENT);
        String value = site.string("fieldValue");
        if (field.isEmpty() && !value.isEmpty()) {
            throw site.error("fieldValue needs a field: set field or fieldPath");
        }
        List<Predicate<InvocationContext>> filters = new ArrayList<>(metaFilters(site));
        field.ifPresent(f -> filters.add(new Filters.FieldValueFilter(f, true, expectation(site, "fieldValue",
                value))));
        boolean mutating = kind == AdmissionSpec.Kind.MUTATING;
        whenMethod(site).ifPresent(m -> {
            ParameterBinder.rejectNonAdmission(m, 0, mutating);
            filters.add(new Filters.WhenFilter(new MethodInvoker(site.target(m), m)));
        });
        String subresource = site.string("subresource");
        if (!subresource.equals(AdmissionSpec.ANY_SUBRESOURCE) && !subresource.matches("[a-z0-9]*")) {
            throw site.error("subresource = \"" + subresource + "\" is not a subresource name (such as \"status\" or"
                    + " \"scale\"), nor \"*\" for all");
        }
        String id = site.string("id").isEmpty() ? method.getName() : site.string("id");
        if (field.isPresent()) {
            id = id + "/" + field.get();
        }
        ParameterBinder.rejectNonAdmission(method, 0, mutating);
        Invoker invoker = new MethodInvoker(site.target(method), method);
        return new AdmissionSpec(HandlerId.of(id), kind, selector, filters,
                Set.copyOf(Arrays.asList((io.kopf4j.Operation[]) site.get("operations"))), Optional.of(subresource),
                (Boolean) site.get("persistent"), (Boolean) site.get("sideEffects"),
                (Boolean) site.get("ignoreFailures"), site.string("param"), invoker,
                RegistrationError.describe(method));
    }

    private static ResourceSelector selector(Site site) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String attribute : List.of("value", "kind", "plural", "singular", "shortcut", "category", "matching")) {
            String v = site.string(attribute);
            if (!v.isEmpty()) {
                names.put(attribute, v);
            }
        }
        if (names.isEmpty()) {
            throw site.error("No resource given: set value, kind, plural, singular, shortcut, category or matching");
        }
        if (names.size() > 1) {
            throw site.error("Ambiguous resource: give only one of value, kind, plural, singular, shortcut, category"
                    + " or matching, not " + names.entrySet().stream()
                    .map(e -> e.getKey() + " = \"" + e.getValue() + "\"").collect(Collectors.joining(", ")));
        }
        String any = site.string("value");
        if (!any.isEmpty() && !any.equals(Kopf.EVERYTHING)) {
            try {
                ResourceKind.NameQuery.parse(any);
            } catch (IllegalArgumentException e) {
                throw site.error("Invalid resource \"" + any + "\": " + e.getMessage());
            }
        }
        Predicate<ResourceKind> predicate = null;
        String matching = site.string("matching");
        if (!matching.isEmpty()) {
            String what = "matching = \"" + matching + "\"";
            Method m = site.method(what, matching);
            site.requireBoolean(what, m);
            if (m.getParameterCount() != 1 || m.getParameterTypes()[0] != Resource.class) {
                throw site.error(what + " must take exactly one parameter of type Resource, but "
                        + RegistrationError.describe(m) + " takes " + parameterList(m));
            }
            MethodInvoker invoker = new MethodInvoker(site.target(m), m, new ParameterBinder[0]);
            predicate = new ResourcePredicate(invoker);
        }
        return new ResourceSelector(any, site.string("kind"), site.string("plural"), site.string("singular"),
                site.string("shortcut"), emptyToNull(site.string("group")), emptyToNull(site.string("version")),
                site.string("category"), predicate);
    }

    private static Optional<FieldPath> field(Site site, HandlerKind kind) {
        String dotted = site.string("field");
        String[] keys = site.strings("fieldPath");
        if (!dotted.isEmpty() && keys.length > 0) {
            throw site.error("Both field and fieldPath are given; use one of them");
        }
        if (!dotted.isEmpty()) {
            return Optional.of(FieldPath.parse(dotted));
        }
        if (keys.length > 0) {
            return Optional.of(FieldPath.of(keys));
        }
        if (kind == HandlerKind.FIELD) {
            throw site.error("No field given: @On.Field needs field or fieldPath");
        }
        return Optional.empty();
    }

    /** {@code key=value}, {@code key} (present), {@code !key} (absent), {@code key=@method}, or the Kopf tokens. */
    private static Filters.MetaFilter metaFilter(Site site, String attribute, Filters.Section section, String text) {
        String key;
        Filters.Expectation expectation;
        int eq = text.indexOf('=');
        if (text.startsWith("!")) {
            key = text.substring(1);
            if (eq >= 0) {
                throw site.error(attribute + " \"" + text + "\" mixes ! (absent) with a value");
            }
            expectation = Filters.Expectation.ABSENT;
        } else if (eq < 0) {
            key = text;
            expectation = Filters.Expectation.PRESENT;
        } else {
            key = text.substring(0, eq);
            String value = text.substring(eq + 1);
            if (value.equals(Kopf.PRESENT)) {
                expectation = Filters.Expectation.PRESENT;
            } else if (value.equals(Kopf.ABSENT)) {
                expectation = Filters.Expectation.ABSENT;
            } else if (value.startsWith("@")) {
                expectation = callback(site, attribute + " \"" + text + "\"", value.substring(1), String.class);
            } else {
                expectation = Filters.Expectation.equalTo(TextNode.valueOf(value));
            }
        }
        if (key.isEmpty()) {
            throw site.error(attribute + " \"" + text + "\" has no key");
        }
        return new Filters.MetaFilter(section, key, expectation);
    }

    /** A field value filter: a JSON literal, {@link Kopf#PRESENT}, {@link Kopf#ABSENT} or {@code @method}. */
    private static Filters.Expectation expectation(Site site, String attribute, String text) {
        if (text.isEmpty()) {
            return Filters.Expectation.ANY;
        }
        if (text.equals(Kopf.PRESENT)) {
            return Filters.Expectation.PRESENT;
        }
        if (text.equals(Kopf.ABSENT)) {
            return Filters.Expectation.ABSENT;
        }
        if (text.startsWith("@")) {
            return callback(site, attribute + " = \"" + text + "\"", text.substring(1), Object.class);
        }
        try {
            return Filters.Expectation.equalTo(LITERALS.readTree(text));
        } catch (JsonProcessingException e) {
            throw site.error(attribute + " = \"" + text + "\" is not a JSON literal (quote strings: \"\\\"" + text
                    + "\\\"\"), nor Kopf.PRESENT, Kopf.ABSENT or \"@method\"");
        }
    }

    /** A predicate method: its first parameter gets the value, the others are injected; it returns boolean. */
    private static Filters.Expectation callback(Site site, String what, String name, Class<?> valueType) {
        Method m = site.method(what, name);
        site.requireBoolean(what, m);
        if (m.getParameterCount() == 0 || ParameterBinder.isInjectable(m.getParameterTypes()[0])
                || (valueType == String.class && !m.getParameterTypes()[0].isAssignableFrom(String.class))) {
            throw site.error(what + ": " + RegistrationError.describe(m) + " must take the value ("
                    + valueType.getSimpleName() + ") as its first parameter");
        }
        MethodInvoker invoker = new MethodInvoker(site.target(m), m, ParameterBinder.forParameters(m, 1));
        return Filters.Expectation.accepting(Filters.methodCallback(invoker, m.getParameterTypes()[0]),
                "@" + name);
    }

    private static String parameterList(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(RegistrationError::className)
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** {@code matching}: the user's {@code boolean m(Resource)} on a discovered resource. */
    private static final class ResourcePredicate implements Predicate<ResourceKind> {
        private final MethodInvoker invoker;

        ResourcePredicate(MethodInvoker invoker) {
            this.invoker = invoker;
        }

        @Override
        public boolean test(ResourceKind kind) {
            try {
                return Boolean.TRUE.equals(invoker.invokeWith(null, RealResource.of(kind)));
            } catch (Exception e) {
                throw new FilterError("The resource predicate " + invoker + " failed: " + e, e);
            }
        }

        @Override
        public String toString() {
            return invoker.toString();
        }
    }

    /** One annotation on one method: its attributes, and errors that name the method and the annotation. */
    private static final class Site {
        private final Object operator;
        private final Method method;
        private final Annotation annotation;

        Site(Object operator, Method method, Annotation annotation) {
            this.operator = operator;
            this.method = method;
            this.annotation = annotation;
        }

        boolean has(String attribute) {
            try {
                annotation.annotationType().getMethod(attribute);
                return true;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }

        Object get(String attribute) {
            try {
                return annotation.annotationType().getMethod(attribute).invoke(annotation);
            } catch (NoSuchMethodException e) {
                return null;
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + attribute + " of " + annotation, e);
            }
        }

        String string(String attribute) {
            Object v = get(attribute);
            return v == null ? "" : (String) v;
        }

        String[] strings(String attribute) {
            Object v = get(attribute);
            return v == null ? new String[0] : (String[]) v;
        }

        Optional<Duration> seconds(String attribute) {
            long v = number(attribute);
            return v == On.UNSET ? Optional.empty() : Optional.of(Duration.ofSeconds(v));
        }

        /** A {@code double} attribute in seconds (fractions allowed), or empty when absent or {@link On#UNSET}. */
        Optional<Duration> fractionalSeconds(String attribute) {
            Object v = get(attribute);
            if (v == null || ((Double) v) == On.UNSET) {
                return Optional.empty();
            }
            double d = (Double) v;
            if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
                throw error(attribute + " = " + d + " is not a valid number of seconds; use 0 or more, or On.UNSET");
            }
            return Optional.of(Duration.ofNanos(Math.round(d * 1e9)));
        }

        OptionalInt count(String attribute) {
            long v = number(attribute);
            if (v > Integer.MAX_VALUE) {
                throw error(attribute + " = " + v + " is too large");
            }
            return v == On.UNSET ? OptionalInt.empty() : OptionalInt.of((int) v);
        }

        private long number(String attribute) {
            Object v = get(attribute);
            long n = v == null ? On.UNSET : (Long) v;
            if (n < 0 && n != On.UNSET) {
                throw error(attribute + " = " + n + " is negative; use 0 or more, or On.UNSET");
            }
            return n;
        }

        /** The single method of that name in the operator's class or its superclasses. */
        Method method(String what, String name) {
            List<Method> found = new ArrayList<>();
            for (Method m : methods(operator.getClass())) {
                if (m.getName().equals(name)) {
                    found.add(m);
                }
            }
            if (found.isEmpty()) {
                throw error(what + " names no method of " + RegistrationError.className(operator.getClass()));
            }
            if (found.size() > 1) {
                throw error(what + " names an overloaded method of "
                        + RegistrationError.className(operator.getClass()) + "; give it a name of its own");
            }
            return found.get(0);
        }

        void requireBoolean(String what, Method m) {
            if (m.getReturnType() != boolean.class && m.getReturnType() != Boolean.class) {
                throw error(what + " must return boolean, but " + RegistrationError.describe(m) + " returns "
                        + RegistrationError.className(m.getReturnType()));
            }
        }

        Object target(Method m) {
            return Modifier.isStatic(m.getModifiers()) ? null : operator;
        }

        RegistrationError error(String problem) {
            return RegistrationError.forMethod(method,
                    problem + " in @On." + annotation.annotationType().getSimpleName());
        }
    }
}
