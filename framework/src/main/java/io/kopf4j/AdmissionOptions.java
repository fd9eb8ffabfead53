package io.kopf4j;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The options of an admission handler registered in code ({@link Registry#onValidate}, {@link Registry#onMutate}),
 * the counterparts of {@link On.Validate}'s attributes. Immutable; made with {@link #builder()}.
 *
 * <pre>{@code
 * registry.onValidate("kopfexamples", ctx -> {
 *             if (ctx.spec().get("size") == null) {
 *                 throw new AdmissionError("spec.size is required", 422);
 *             }
 *             return null;
 *         },
 *         AdmissionOptions.builder().id("sizeRequired").operations(Operation.CREATE, Operation.UPDATE)
 *                 .label("app", "web").build());
 * }</pre>
 */
public final class AdmissionOptions {
    private static final AdmissionOptions DEFAULTS = builder().build();

    private final String id;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Predicate<HandlerContext> when;
    private final String param;
    private final Set<Operation> operations;
    private final String subresource;
    private final boolean persistent;
    private final boolean sideEffects;
    private final boolean ignoreFailures;

    private AdmissionOptions(Builder b) {
        this.id = b.id;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.when = b.when;
        this.param = b.param;
        this.operations = Collections.unmodifiableSet(b.operations.isEmpty()
                ? EnumSet.noneOf(Operation.class) : EnumSet.copyOf(b.operations));
        this.subresource = b.subresource;
        this.persistent = b.persistent;
        this.sideEffects = b.sideEffects;
        this.ignoreFailures = b.ignoreFailures;
    }

    /**
     * No options: the id is made from the registration, every operation, the main resource only.
     *
     * @return the default options
     */
    public static AdmissionOptions defaults() {
        return DEFAULTS;
    }

    /**
     * A builder of options.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The handler id (also the webhook's path); when unset, {@code <method>.<resource>} such as
     * {@code onValidate.kopfexamples}.
     *
     * @return the id, or empty
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /**
     * Label filters.
     *
     * @return key → a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}
     */
    public Map<String, String> labels() {
        return labels;
    }

    /**
     * Annotation filters.
     *
     * @return key → a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}
     */
    public Map<String, String> annotations() {
        return annotations;
    }

    /**
     * The {@code when} filter.
     *
     * @return the predicate, or empty
     */
    public Optional<Predicate<HandlerContext>> when() {
        return Optional.ofNullable(when);
    }

    /**
     * The value injected as {@link Param}.
     *
     * @return the value, {@code ""} by default
     */
    public String param() {
        return param;
    }

    /**
     * The operations the handler is for.
     *
     * @return an immutable set; empty means all
     */
    public Set<Operation> operations() {
        return operations;
    }

    /**
     * The subresource the handler is for: {@code ""} for the main resource only, {@code "*"} for the main resource
     * and all subresources, or a name such as {@code "status"}.
     *
     * @return the subresource, {@code ""} by default
     */
    public String subresource() {
        return subresource;
    }

    /**
     * Whether the managed webhook stays registered after the operator exits.
     *
     * @return false by default
     */
    public boolean persistent() {
        return persistent;
    }

    /**
     * Whether the handler has side effects outside dry runs.
     *
     * @return false by default
     */
    public boolean sideEffects() {
        return sideEffects;
    }

    /**
     * Whether an unexpected failure of the handler lets the request pass.
     *
     * @return false by default
     */
    public boolean ignoreFailures() {
        return ignoreFailures;
    }

    /** Builds {@link AdmissionOptions}; invalid values (empty ids or keys) throw at once. */
    public static final class Builder {
        private String id;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Predicate<HandlerContext> when;
        private String param = "";
        private final Set<Operation> operations = EnumSet.noneOf(Operation.class);
        private String subresource = "";
        private boolean persistent;
        private boolean sideEffects;
        private boolean ignoreFailures;

        private Builder() {
        }

        /**
         * The handler id.
         *
         * @param id a non-empty id
         * @return this builder
         */
        public Builder id(String id) {
            if (Objects.requireNonNull(id, "id").isEmpty()) {
                throw new IllegalArgumentException("A handler id must not be empty");
            }
            this.id = id;
            return this;
        }

        /**
         * Only objects with this label.
         *
         * @param key   the label key
         * @param value a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}
         * @return this builder
         */
        public Builder label(String key, String value) {
            labels.put(key(key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Only objects with this annotation.
         *
         * @param key   the annotation key
         * @param value a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}
         * @return this builder
         */
        public Builder annotation(String key, String value) {
            annotations.put(key(key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Only when the predicate holds for the admission context.
         *
         * @param when the predicate
         * @return this builder
         */
        public Builder when(Predicate<HandlerContext> when) {
            this.when = Objects.requireNonNull(when, "when");
            return this;
        }

        /**
         * The value injected as {@link Param}.
         *
         * @param param the value
         * @return this builder
         */
        public Builder param(String param) {
            this.param = Objects.requireNonNull(param, "param");
            return this;
        }

        /**
         * Only these operations (none given: all).
         *
         * @param operations the operations
         * @return this builder
         */
        public Builder operations(Operation... operations) {
            this.operations.clear();
            for (Operation o : operations) {
                this.operations.add(Objects.requireNonNull(o, "operation"));
            }
            return this;
        }

        /**
         * The subresource: {@code ""} (the main resource only), {@code "*"} (all), or a name.
         *
         * @param subresource the subresource
         * @return this builder
         */
        public Builder subresource(String subresource) {
            this.subresource = Objects.requireNonNull(subresource, "subresource");
            return this;
        }

        /**
         * Whether the managed webhook stays registered after the operator exits.
         *
         * @param persistent true to keep it
         * @return this builder
         */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /**
         * Whether the handler has side effects outside dry runs.
         *
         * @param sideEffects true if it has
         * @return this builder
         */
        public Builder sideEffects(boolean sideEffects) {
            this.sideEffects = sideEffects;
            return this;
        }

        /**
         * Whether an unexpected failure of the handler lets the request pass.
         *
         * @param ignoreFailures true to let it pass
         * @return this builder
         */
        public Builder ignoreFailures(boolean ignoreFailures) {
            this.ignoreFailures = ignoreFailures;
            return this;
        }

        /**
         * The options.
         *
         * @return immutable options
         */
        public AdmissionOptions build() {
            return new AdmissionOptions(this);
        }

        private static String key(String key) {
            if (Objects.requireNonNull(key, "key").isEmpty()) {
                throw new IllegalArgumentException("A filter key must not be empty");
            }
            return key;
        }
    }
}
