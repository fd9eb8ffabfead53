package io.kopf4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The handler annotations, Kopf's {@code kopf.on.*}. Put them on methods of a plain class and pass an instance to
 * {@code Kopf.run} or {@code Kopf.operator}. Parameters are injected by type (see the package documentation).
 *
 * <h2>Resource selection (every resource annotation)</h2>
 * {@code value}: any name of the resource: plural, singular, kind, short name, {@code plural.group} or
 * {@code plural.version.group}; or exactly one of {@code kind}, {@code plural}, {@code singular}, {@code shortcut};
 * {@code group} and {@code version} narrow it; {@code category} selects by category; {@code matching} names a
 * {@code boolean m(Resource)} method of the same class. {@link Kopf#EVERYTHING} ({@code "*"}) selects every served
 * resource except Events.
 *
 * <h2>Filters (combined with AND)</h2>
 * {@code labels}/{@code annotations}: {@code "key=value"}, {@code "key"} (present), {@code "!key"} (absent), or
 * {@code "key=@method"} (a {@code boolean m(String value)} predicate). {@code field} (dotted) or {@code fieldPath}
 * (segments, for keys with dots): react only when that field changed (updates) or is present; with
 * {@code fieldValue}, {@code oldValue}, {@code newValue}: a JSON literal ({@code "3"}, {@code "\"text\""}),
 * {@link Kopf#PRESENT}, {@link Kopf#ABSENT}, or {@code "@method"}. Kopf names these {@code value}, {@code old} and
 * {@code new}; Java reserves {@code new} and {@code value} names the resource here, hence the longer names.
 * {@code when}: a boolean method of the same class whose parameters are injected like a handler's.
 *
 * <h2>Handler options</h2>
 * {@code id} (default: the method name, plus {@code /<field>} with a field), {@code errors}, {@code timeout} and
 * {@code backoff} in seconds, {@code retries}; {@link #UNSET} means "not set" (then the settings' defaults apply).
 */
public final class On {
    /** The value of numeric options that were not set. */
    public static final long UNSET = -1;

    private On() {
    }

    /** Handles creation: the object has no diff base yet. Kopf: {@code @kopf.on.create}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Create {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
    }

    /** Handles changes of the object's essence. Kopf: {@code @kopf.on.update}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Update {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String oldValue() default "";
        String newValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
    }

    /**
     * Handles deletion. Unless {@code optional}, the operator puts its finalizer on the objects so that the handler
     * runs before the object goes. Kopf: {@code @kopf.on.delete}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Delete {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
        boolean optional() default false;
    }

    /**
     * Handles objects already handled before this operator (re)started. With {@code deleted}, also objects being
     * deleted. Kopf: {@code @kopf.on.resume}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Resume {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
        boolean deleted() default false;
    }

    /**
     * Handles changes of one field, on creation, update and resume alike; {@code Diff}, {@code Old} and {@code New}
     * are narrowed to the field. Kopf: {@code @kopf.on.field}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Field {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String oldValue() default "";
        String newValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
    }

    /**
     * Sees every raw watch event (no progress, no finalizer, no retries; errors are only logged).
     * Kopf: {@code @kopf.on.event}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Event {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        String param() default "";
    }

    /**
     * Builds an in-memory index across the objects of a resource: called on every event of every matching object, its
     * result goes into the index named by its id (a {@code Map}'s entries, or any other non-null value under the
     * {@code null} key); deleted objects and objects that stop matching the filters leave the index. Resource handlers
     * run only once every index has its initial listing. Inject it with {@link Indexed}. Kopf: {@code @kopf.index}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Index {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        String param() default "";
    }

    /**
     * Runs at start-up, before any watch; all must succeed, else the operator does not start. Parameters:
     * {@link OperatorSettings} (still mutable here; frozen after the startup handlers), slf4j {@code Logger},
     * {@link Memo} (the operator-wide memo), {@link Retry}, {@link Indexed} indices. Errors as for handlers:
     * {@link TemporaryError} and (with {@code errors = TEMPORARY}) other exceptions are retried after {@code backoff};
     * {@link PermanentError} or exhausted {@code retries}/{@code timeout} fail the start. Kopf: {@code @kopf.on.startup}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Startup {
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
    }

    /** Runs when the operator stops gracefully; parameters and errors as {@link Startup}. Kopf: {@code @kopf.on.cleanup}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Cleanup {
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
    }

    /**
     * Logs in to the cluster: returns a {@link ConnectionInfo} or a ready client-java
     * {@code io.kubernetes.client.openapi.ApiClient} (null: nothing from this handler). Runs after the startup handlers
     * and before anything talks to the cluster, and again whenever all credentials were rejected (HTTP 401) or are
     * about to expire. Every login handler runs each time; their credentials are used by {@link ConnectionInfo#priority()}
     * (a client counts as priority 0). Without login handlers, the operator logs in with the client given to
     * {@code Operator.client(...)}, else the kubeconfig, else the in-cluster service account. Parameters as
     * {@link Startup}. Unlike the other activities (and Kopf), an exception fails the login at once
     * ({@code errors = PERMANENT} by default), so that an operator that cannot log in stops with a {@link LoginError}
     * instead of waiting silently; throw {@link TemporaryError}, or set {@code errors = TEMPORARY} with
     * {@code retries}/{@code timeout}, to retry. Kopf: {@code @kopf.on.login}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Login {
        String id() default "";
        ErrorMode errors() default ErrorMode.PERMANENT;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
    }

    /**
     * Reports a liveness value: called (at most every 10 s) when the liveness endpoint is asked; its JSON-able result
     * appears under its id (default: the method name); a probe that throws makes the endpoint answer 500.
     * Parameters as {@link Startup}. Kopf: {@code @kopf.on.probe}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Probe {
        String id() default "";
    }

    /**
     * Runs the method periodically for every object that exists and matches the filters, on its own thread, with
     * the freshest body. {@code interval}: seconds between runs (from the end of one run to the start of the next;
     * with {@code sharp}, aligned to the schedule instead); {@code initialDelay} (or {@code initialDelayMethod}, a
     * method returning a {@link java.time.Duration} or seconds as a number, parameters injected): before the first
     * run; {@code idle}: run only after the object has not changed for that many seconds. Errors are handled as for
     * other handlers; a {@link Stopper} is injectable. The object gets the finalizer so that timers stop before it
     * goes. Durations are in seconds (fractions allowed); {@link #UNSET} means "not set". Kopf: {@code @kopf.timer}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Timer {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
        double interval() default UNSET;
        double initialDelay() default UNSET;
        String initialDelayMethod() default "";
        double idle() default UNSET;
        boolean sharp() default false;
    }

    /**
     * Runs the method once per object that exists and matches the filters, on its own thread (virtual on JDK 21+),
     * until it returns or is asked to stop through the injected {@link Stopper}: on the object's deletion (the
     * object keeps its finalizer until the daemon exits), when the filters stop matching (respawned when they match
     * again), or on the operator's exit. A daemon that returns (or fails permanently) is not restarted; one that
     * fails temporarily is restarted after its backoff. To stop it, the operator signals the stopper, waits
     * {@code cancellationBackoff}, interrupts the thread, waits {@code cancellationTimeout} (re-checking every
     * {@code cancellationPolling}), then abandons it with a warning. {@code initialDelay} or
     * {@code initialDelayMethod} as for timers. Durations are in seconds. Kopf: {@code @kopf.daemon}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Daemon {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        ErrorMode errors() default ErrorMode.TEMPORARY;
        long timeout() default UNSET;
        long retries() default UNSET;
        long backoff() default UNSET;
        String param() default "";
        double initialDelay() default UNSET;
        String initialDelayMethod() default "";
        double cancellationBackoff() default UNSET;
        double cancellationTimeout() default UNSET;
        double cancellationPolling() default UNSET;
    }

    /**
     * Validates API requests before the API server stores them (an admission webhook): the method runs when the
     * webhook server receives an admission review for a matching object; throwing {@link AdmissionError} rejects the
     * request with its message and code, any other exception rejects it with a generic message (the details go to
     * the log only), and returning normally allows it. All validators of one request run, and their messages are
     * combined. Needs {@code settings.admission().server(...)}; with {@code settings.admission().managed(...)} the
     * operator also registers the webhook in a {@code ValidatingWebhookConfiguration}.
     *
     * <p>Besides the resource selection and filters: {@code operations} (empty: all), {@code subresource}
     * ({@code ""}: the main resource only, {@code "*"}: the main resource and every subresource, or a name such as
     * {@code "status"}), {@code persistent} (the managed webhook stays registered after the operator exits),
     * {@code sideEffects} (the handler has side effects outside dry runs: registered as {@code NoneOnDryRun} instead
     * of {@code None}; a handler must check {@link DryRun} then), {@code ignoreFailures} (a handler that fails
     * unexpectedly lets the request pass, and the managed webhook's {@code failurePolicy} is {@code Ignore}). There
     * are no retries, hence no {@code errors}, {@code timeout}, {@code retries} or {@code backoff}. The webhook's
     * path is {@code /<id>}.
     *
     * <p>Injectable besides the object's views: {@link DryRun}, {@link UserInfo}, {@link Headers}, {@link SslPeer},
     * {@link Operation}, {@link Warnings}, {@link Old} and {@link New} (the stored and the requested object; either
     * is empty on CREATE or DELETE), {@link Diff} (between them). Not {@link Patch}: use {@link Mutate} to change
     * objects. Kopf: {@code @kopf.on.validate}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Validate {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        String param() default "";
        Operation[] operations() default {};
        String subresource() default "";
        boolean persistent() default false;
        boolean sideEffects() default false;
        boolean ignoreFailures() default false;
    }

    /**
     * Changes objects in API requests before the API server stores them (a mutating admission webhook): what the
     * method puts into the injected {@link Patch} (a merge-patch: {@code null} removes a key; and
     * {@code patch.fn(...)} transformations) becomes the JSON-patch of the admission response. Rejections,
     * options and injectables as {@link Validate}. On DELETE, mutators run only when their {@code operations} are
     * exactly {@code DELETE} (as Kopf). With {@code settings.admission().managed(...)} the operator registers the
     * webhook in a {@code MutatingWebhookConfiguration}. Kopf: {@code @kopf.on.mutate}.
     */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Mutate {
        String value() default "";
        String kind() default "";
        String plural() default "";
        String singular() default "";
        String shortcut() default "";
        String group() default "";
        String version() default "";
        String category() default "";
        String matching() default "";
        String[] labels() default {};
        String[] annotations() default {};
        String field() default "";
        String[] fieldPath() default {};
        String fieldValue() default "";
        String when() default "";
        String id() default "";
        String param() default "";
        Operation[] operations() default {};
        String subresource() default "";
        boolean persistent() default false;
        boolean sideEffects() default false;
        boolean ignoreFailures() default false;
    }
}
