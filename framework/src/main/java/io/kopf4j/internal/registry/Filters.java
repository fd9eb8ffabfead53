package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.HandlerContext;
import io.kopf4j.internal.model.FieldPath;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The handler filters as predicates over the invocation context, all of which must pass (AND). Kopf:
 * {@code kopf/_core/intents/registries.py} ({@code _matches_labels}, {@code _matches_annotations},
 * {@code _matches_field_values}, {@code _matches_field_changes}, {@code _matches_filter_callback}) and
 * {@code filters.py}.
 *
 * <p>Filters read the cause as it is, before the handling layer narrows {@code Old}, {@code New} and {@code Diff} to
 * a handler's field: {@link InvocationContext#old()} and {@link InvocationContext#newValue()} must be the whole old
 * and new states (essences) of the object, {@link InvocationContext#body()} the whole body. Not API.
 */
public final class Filters {

    private Filters() {
    }

    /** The metadata map a {@link MetaFilter} looks at. */
    public enum Section {
        LABELS("labels"), ANNOTATIONS("annotations");

        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    /** A user predicate on one value (a label's, an annotation's or a field's), with the context for injection. */
    @FunctionalInterface
    interface Callback {
        /** {@code value} is the plain Java value, or null when absent. */
        boolean test(JsonNode value, InvocationContext context);
    }

    /**
     * What one value must be: anything ({@link Mode#ANY}, "not given"), present, absent, equal to a literal, or
     * accepted by a callback. Absent is a {@link com.fasterxml.jackson.databind.node.MissingNode}; a JSON
     * {@code null} is present.
     */
    static final class Expectation {
        enum Mode { ANY, PRESENT, ABSENT, EQUALS, CALLBACK }

        /** Numbers compare by value ({@code 3 == 3.0}), as in Python; everything else structurally. */
        private static final Comparator<JsonNode> NUMERIC = (a, b) -> {
            if (a.isNumber() && b.isNumber()) {
                return a.decimalValue().compareTo(b.decimalValue());
            }
            return a.equals(b) ? 0 : 1;
        };

        static final Expectation ANY = new Expectation(Mode.ANY, null, null, "any");
        static final Expectation PRESENT = new Expectation(Mode.PRESENT, null, null, "Kopf.PRESENT");
        static final Expectation ABSENT = new Expectation(Mode.ABSENT, null, null, "Kopf.ABSENT");

        final Mode mode;
        final JsonNode literal;
        final Callback callback;
        private final String text;

        private Expectation(Mode mode, JsonNode literal, Callback callback, String text) {
            this.mode = mode;
            this.literal = literal;
            this.callback = callback;
            this.text = text;
        }

        static Expectation equalTo(JsonNode literal) {
            return new Expectation(Mode.EQUALS, Objects.requireNonNull(literal), null, literal.toString());
        }

        static Expectation accepting(Callback callback, String description) {
            return new Expectation(Mode.CALLBACK, null, Objects.requireNonNull(callback), description);
        }

        boolean matches(JsonNode value, InvocationContext context) {
            switch (mode) {
                case ANY:
                    return true;
                case PRESENT:
                    return !value.isMissingNode();
                case ABSENT:
                    return value.isMissingNode();
                case EQUALS:
                    return !value.isMissingNode() && same(literal, value);
                case CALLBACK:
                    return callback.test(value, context);
                default:
                    throw new AssertionError(mode);
            }
        }

        /** Kopf's {@code old != new} on resolved values: absent equals only absent. */
        static boolean same(JsonNode a, JsonNode b) {
            if (a.isMissingNode() || b.isMissingNode()) {
                return a.isMissingNode() && b.isMissingNode();
            }
            return a.equals(NUMERIC, b);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * One label or annotation filter: {@code key=value}, {@code key} (present), {@code !key} (absent), or a predicate
     * on the value (which gets null when the key is absent). Kopf: {@code _matches_metadata}.
     */
    public static final class MetaFilter implements Predicate<InvocationContext> {
        /** What Kubernetes accepts in label selectors, so only such terms are sent to the server. */
        private static final Pattern LABEL_KEY =
                Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
        private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");

        final Section section;
        final String key;
        final Expectation expectation;

        MetaFilter(Section section, String key, Expectation expectation) {
            this.section = section;
            this.key = key;
            this.expectation = expectation;
        }

        @Override
        public boolean test(InvocationContext context) {
            JsonNode map = Views.node(context.body()).path("metadata").path(section.key);
            return expectation.matches(map.path(key), context);
        }

        /**
         * The filter as a label-selector term the API server understands ({@code key=value}, {@code key},
         * {@code !key}), or empty for predicates, annotations, and keys or values a selector cannot hold.
         */
        public Optional<String> selectorTerm() {
            if (section != Section.LABELS || !LABEL_KEY.matcher(key).matches()) {
                return Optional.empty();
            }
            switch (expectation.mode) {
                case PRESENT:
                    return Optional.of(key);
                case ABSENT:
                    return Optional.of("!" + key);
                case EQUALS:
                    String v = expectation.literal.asText();
                    return expectation.literal.isTextual() && LABEL_VALUE.matcher(v).matches()
                            ? Optional.of(key + "=" + v) : Optional.empty();
                default:
                    return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return section.key + "[" + key + "] " + expectation;
        }
    }

    /**
     * The field's value filter (Kopf's {@code value=}, ours {@code fieldValue}): with no value given, the field must
     * be present. Change handlers look at the new and the old state (either may match, the new first); event
     * handlers at the body. Kopf: {@code _matches_field_values}.
     */
    public static final class FieldValueFilter implements Predicate<InvocationContext> {
        final FieldPath field;
        final boolean fromBody;
        final Expectation value;

        FieldValueFilter(FieldPath field, boolean fromBody, Expectation value) {
            this.field = field;
            this.fromBody = fromBody;
            this.value = value;
        }

        @Override
        public boolean test(InvocationContext context) {
            List<JsonNode> values = fromBody
                    ? List.of(field.resolve(Views.node(context.body())))
                    : List.of(field.resolve(newState(context)), field.resolve(Views.node(context.old())));
            Expectation e = value.mode == Expectation.Mode.ANY ? Expectation.PRESENT : value;
            for (JsonNode v : values) {
                if (e.matches(v, context)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "field " + field + " " + value;
        }
    }

    /**
     * The field's change filter for change handlers: update and field handlers run only when the field's old and new
     * values differ; {@code oldValue}/{@code newValue} constrain each side. Kopf: {@code _matches_field_changes}.
     */
    public static final class FieldChangeFilter implements Predicate<InvocationContext> {
        final FieldPath field;
        final boolean needsChange;
        final Expectation oldValue;
        final Expectation newValue;

        FieldChangeFilter(FieldPath field, boolean needsChange, Expectation oldValue, Expectation newValue) {
            this.field = field;
            this.needsChange = needsChange;
            this.oldValue = oldValue;
            this.newValue = newValue;
        }

        @Override
        public boolean test(InvocationContext context) {
            JsonNode o = field.resolve(Views.node(context.old()));
            JsonNode n = field.resolve(newState(context));
            return (!needsChange || !Expectation.same(o, n))
                    && oldValue.matches(o, context)
                    && newValue.matches(n, context);
        }

        @Override
        public String toString() {
            return "field " + field + (needsChange ? " changed" : "") + " old " + oldValue + " new " + newValue;
        }
    }

    /** The {@code when} filter: a boolean method whose parameters are injected like a handler's. */
    static final class WhenFilter implements Predicate<InvocationContext> {
        private final MethodInvoker invoker;

        WhenFilter(MethodInvoker invoker) {
            this.invoker = invoker;
        }

        @Override
        public boolean test(InvocationContext context) {
            try {
                return Boolean.TRUE.equals(invoker.invoke(context));
            } catch (Exception e) {
                throw new FilterError("The when-filter " + invoker + " failed: " + e, e);
            }
        }

        @Override
        public String toString() {
            return "when " + invoker;
        }
    }

    /** The programmatic registry's {@code when}: a predicate on the whole context. */
    static final class ContextFilter implements Predicate<InvocationContext> {
        private final Predicate<? super HandlerContext> predicate;

        ContextFilter(Predicate<? super HandlerContext> predicate) {
            this.predicate = Objects.requireNonNull(predicate, "predicate");
        }

        @Override
        public boolean test(InvocationContext context) {
            return predicate.test(context);
        }

        @Override
        public String toString() {
            return "when <predicate>";
        }
    }

    /** A callback calling a predicate method: the value first, the other parameters injected. */
    static Callback methodCallback(MethodInvoker invoker, Class<?> valueType) {
        return (value, context) -> {
            Object argument;
            if (JsonNode.class.isAssignableFrom(valueType)) {
                argument = value.isMissingNode() ? null : value;
            } else {
                argument = Views.plain(value);
                if (argument == null ? valueType.isPrimitive() : !box(valueType).isInstance(argument)) {
                    return false;
                }
            }
            try {
                return Boolean.TRUE.equals(invoker.invokeWith(context, argument));
            } catch (Exception e) {
                throw new FilterError("The filter method " + invoker + " failed: " + e, e);
            }
        };
    }

    /** A callback from a plain predicate on a label's or annotation's value (null when absent). */
    static Callback stringCallback(Predicate<String> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (value, context) -> predicate.test(value.isMissingNode() || value.isNull() ? null : value.asText());
    }

    /**
     * The new state of the object for field filters: {@link InvocationContext#newValue()}, or the body when the
     * context has no new state at all (null).
     */
    private static JsonNode newState(InvocationContext context) {
        return context.newValue() == null ? Views.node(context.body()) : Views.node(context.newValue());
    }

    static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        if (type == boolean.class) {
            return Boolean.class;
        }
        if (type == int.class) {
            return Integer.class;
        }
        if (type == long.class) {
            return Long.class;
        }
        if (type == double.class) {
            return Double.class;
        }
        if (type == float.class) {
            return Float.class;
        }
        if (type == short.class) {
            return Short.class;
        }
        if (type == byte.class) {
            return Byte.class;
        }
        return type == char.class ? Character.class : Void.class;
    }
}
