package io.kopf4j;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The options of a handler registered in code ({@link Registry}), the counterparts of the annotations' attributes.
 * Immutable; made with {@link #builder()}. Unset options take the settings' defaults, as with annotations.
 *
 * <pre>{@code
 * registry.onCreate("kopfexamples", ctx -> Map.of("message", "hello"),
 *         HandlerOptions.builder().id("hello").retries(3).backoff(Duration.ofSeconds(10))
 *                 .label("app", "web").label("legacy", Kopf.ABSENT).build());
 * registry.onTimer("kopfexamples", ctx -> null,
 *         HandlerOptions.builder().interval(Duration.ofSeconds(30)).idle(Duration.ofMinutes(1)).build());
 * }</pre>
 *
 * <p>The timer and daemon options ({@code interval}, {@code initialDelay}, {@code idle}, {@code sharp}, the
 * cancellation options) are for {@code Registry.onTimer} and {@code Registry.onDaemon} as the annotations allow them;
 * given to another kind of handler, the registration throws.
 */
public final class HandlerOptions {
    private static final HandlerOptions DEFAULTS = builder().build();

    private final String id;
    private final ErrorMode errors;
    private final Duration timeout;
    private final Integer retries;
    private final Duration backoff;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final Predicate<HandlerContext> when;
    private final boolean optional;
    private final boolean deleted;
    private final String param;
    // Timers and daemons:
    private final Duration interval;
    private final Duration initialDelay;
    private final Function<HandlerContext, Duration> initialDelayFunction;
    private final Duration idle;
    private final boolean sharp;
    private final Duration cancellationBackoff;
    private final Duration cancellationTimeout;
    private final Duration cancellationPolling;

    private HandlerOptions(Builder b) {
        this.id = b.id;
        this.errors = b.errors;
        this.timeout = b.timeout;
        this.retries = b.retries;
        this.backoff = b.backoff;
        this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
        this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
        this.when = b.when;
        this.optional = b.optional;
        this.deleted = b.deleted;
        this.param = b.param;
        this.interval = b.interval;
        this.initialDelay = b.initialDelay;
        this.initialDelayFunction = b.initialDelayFunction;
        this.idle = b.idle;
        this.sharp = b.sharp;
        this.cancellationBackoff = b.cancellationBackoff;
        this.cancellationTimeout = b.cancellationTimeout;
        this.cancellationPolling = b.cancellationPolling;
    }

    /** No options: the id is made from the registration, everything else takes the defaults. */
    public static HandlerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The handler id; when unset, {@code <method>.<resource>} such as {@code onCreate.kopfexamples}. */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** What a failure means: {@link ErrorMode#TEMPORARY} (retried after the backoff) unless set. */
    public ErrorMode errors() {
        return errors;
    }

    /** How long the handler may keep failing and retrying before it fails for good (unset: no limit). */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** How many times the handler may be retried before it fails for good (unset: no limit). */
    public OptionalInt retries() {
        return retries == null ? OptionalInt.empty() : OptionalInt.of(retries);
    }

    /** The delay before a retry after an arbitrary exception (unset: {@code execution.defaultBackoff}, 60 s). */
    public Optional<Duration> backoff() {
        return Optional.ofNullable(backoff);
    }

    /** Label filters: key → a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Annotation filters: key → a value, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}. */
    public Map<String, String> annotations() {
        return annotations;
    }

    /** The {@code when} filter, if any. */
    public Optional<Predicate<HandlerContext>> when() {
        return Optional.ofNullable(when);
    }

    /** Delete handlers: no finalizer for this handler. */
    public boolean optional() {
        return optional;
    }

    /** Resume handlers: also for objects being deleted. */
    public boolean deleted() {
        return deleted;
    }

    /** The value injected as {@link Param}, {@code ""} by default. */
    public String param() {
        return param;
    }

    /** Timers: the time between runs (from the end of one to the start of the next, unless {@link #sharp()}). */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** Timers and daemons: the delay before the first run, fixed. */
    public Optional<Duration> initialDelay() {
        return Optional.ofNullable(initialDelay);
    }

    /** Timers and daemons: the delay before the first run, computed per object (e.g. with jitter). */
    public Optional<Function<HandlerContext, Duration>> initialDelayFunction() {
        return Optional.ofNullable(initialDelayFunction);
    }

    /** Timers: run only once the object has not changed for this long. */
    public Optional<Duration> idle() {
        return Optional.ofNullable(idle);
    }

    /** Timers: align the runs to the interval's schedule rather than to the end of the previous run. */
    public boolean sharp() {
        return sharp;
    }

    /** Daemons: how long to wait after the stop signal before interrupting the thread. */
    public Optional<Duration> cancellationBackoff() {
        return Optional.ofNullable(cancellationBackoff);
    }

    /** Daemons: how long to wait after the interruption before abandoning the thread (unset: never). */
    public Optional<Duration> cancellationTimeout() {
        return Optional.ofNullable(cancellationTimeout);
    }

    /** Daemons: how often to re-check a stopping daemon (unset: the settings' {@code background} default). */
    public Optional<Duration> cancellationPolling() {
        return Optional.ofNullable(cancellationPolling);
    }

    /** Builds {@link HandlerOptions}; invalid values (negative durations or retries, empty keys) throw at once. */
    public static final class Builder {
        private String id;
        private ErrorMode errors = ErrorMode.TEMPORARY;
        private Duration timeout;
        private Integer retries;
        private Duration backoff;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Predicate<HandlerContext> when;
        private boolean optional;
        private boolean deleted;
        private String param = "";
        private Duration interval;
        private Duration initialDelay;
        private Function<HandlerContext, Duration> initialDelayFunction;
        private Duration idle;
        private boolean sharp;
        private Duration cancellationBackoff;
        private Duration cancellationTimeout;
        private Duration cancellationPolling;

        private Builder() {
        }

        /** The handler id, which keys its progress annotation and its result in {@code status}; not empty. */
        public Builder id(String id) {
            if (Objects.requireNonNull(id, "id").isEmpty()) {
                throw new IllegalArgumentException("A handler id must not be empty");
            }
            this.id = id;
            return this;
        }

        /** What a failure means: {@link ErrorMode#TEMPORARY}, {@link ErrorMode#PERMANENT} or {@link ErrorMode#IGNORED}. */
        public Builder errors(ErrorMode errors) {
            this.errors = Objects.requireNonNull(errors, "errors");
            return this;
        }

        /** How long the handler may keep failing and retrying, from its first run; not negative. */
        public Builder timeout(Duration timeout) {
            this.timeout = nonNegative("timeout", timeout);
            return this;
        }

        /** How many times the handler may be retried; not negative. */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative, got " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** The delay before a retry after an arbitrary exception; not negative. */
        public Builder backoff(Duration backoff) {
            this.backoff = nonNegative("backoff", backoff);
            return this;
        }

        /** Only objects with this label: {@code value}, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}. */
        public Builder label(String key, String value) {
            labels.put(key(key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Only objects with this annotation: {@code value}, {@link Kopf#PRESENT} or {@link Kopf#ABSENT}. */
        public Builder annotation(String key, String value) {
            annotations.put(key(key), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Only when the predicate holds (evaluated before any API write). */
        public Builder when(Predicate<HandlerContext> when) {
            this.when = Objects.requireNonNull(when, "when");
            return this;
        }

        /** Delete handlers: when true, the handler puts no finalizer on the objects (it runs only if another does). */
        public Builder optional(boolean optional) {
            this.optional = optional;
            return this;
        }

        /** Resume handlers: when true, also for objects that are being deleted. */
        public Builder deleted(boolean deleted) {
            this.deleted = deleted;
            return this;
        }

        /** The value injected as {@link Param}, to tell apart registrations of one function. */
        public Builder param(String param) {
            this.param = Objects.requireNonNull(param, "param");
            return this;
        }

        /** Timers: the time between runs; positive (a zero interval would be a busy loop). */
        public Builder interval(Duration interval) {
            if (nonNegative("interval", interval).isZero()) {
                throw new IllegalArgumentException("interval must be positive: a zero interval would run the timer "
                        + "in a busy loop");
            }
            this.interval = interval;
            return this;
        }

        /** Timers and daemons: a fixed delay before the first run (replaces a delay function). */
        public Builder initialDelay(Duration initialDelay) {
            this.initialDelay = nonNegative("initialDelay", initialDelay);
            this.initialDelayFunction = null;
            return this;
        }

        /**
         * Timers and daemons: the delay before the first run, computed per object when it is spawned (replaces a
         * fixed delay); a null result means no delay. Kopf: {@code initial_delay} as a callable.
         */
        public Builder initialDelay(Function<HandlerContext, Duration> delay) {
            this.initialDelayFunction = Objects.requireNonNull(delay, "delay");
            this.initialDelay = null;
            return this;
        }

        /** Timers: run only once the object has not changed for this long. */
        public Builder idle(Duration idle) {
            this.idle = nonNegative("idle", idle);
            return this;
        }

        /** Timers: align the runs to the interval's schedule. */
        public Builder sharp(boolean sharp) {
            this.sharp = sharp;
            return this;
        }

        /** Daemons: the wait after the stop signal before interrupting the thread. */
        public Builder cancellationBackoff(Duration backoff) {
            this.cancellationBackoff = nonNegative("cancellationBackoff", backoff);
            return this;
        }

        /** Daemons: the wait after the interruption before abandoning the thread with a warning. */
        public Builder cancellationTimeout(Duration timeout) {
            this.cancellationTimeout = nonNegative("cancellationTimeout", timeout);
            return this;
        }

        /** Daemons: how often a stopping daemon is re-checked. */
        public Builder cancellationPolling(Duration polling) {
            if (nonNegative("cancellationPolling", polling).isZero()) {
                throw new IllegalArgumentException("cancellationPolling must be positive");
            }
            this.cancellationPolling = polling;
            return this;
        }

        /** The immutable options. */
        public HandlerOptions build() {
            return new HandlerOptions(this);
        }

        private static String key(String key) {
            if (Objects.requireNonNull(key, "key").isEmpty()) {
                throw new IllegalArgumentException("A filter key must not be empty");
            }
            return key;
        }

        private static Duration nonNegative(String name, Duration d) {
            if (Objects.requireNonNull(d, name).isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }
}
