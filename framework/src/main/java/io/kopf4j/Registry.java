package io.kopf4j;

import java.time.Duration;

/**
 * Handlers registered in code, beside annotated methods: for handlers built at run time, or one function serving
 * several resources. Get one from {@link Kopf#registry()}, register handlers, and pass it to {@code Kopf.run} or
 * {@code Kopf.operator} like an operator object. The handler is a lambda given the whole {@link HandlerContext}.
 * Kopf: {@code kopf.on.create('kopfexamples', registry=...)(fn)}.
 *
 * <p>{@code resource} is any name of the resource, as in the annotations' {@code value}: plural, singular, kind,
 * short name, {@code plural.group}, {@code plural.version.group}, or {@link Kopf#EVERYTHING}. Without an
 * {@link HandlerOptions#id() id}, the id is {@code <method>.<resource>} (e.g. {@code onCreate.kopfexamples}, plus
 * {@code /<field>} for field handlers); give ids when one resource has several handlers of one kind. Problems
 * (an empty resource or field, a duplicate id) throw {@link IllegalArgumentException} at once. Each method returns
 * this registry, for chaining.
 */
public interface Registry {
    /** A create handler: runs once for each new object (one without the operator's diff base yet). */
    Registry onCreate(String resource, Handler handler);

    /** A create handler with options (id, error handling, filters). */
    Registry onCreate(String resource, Handler handler, HandlerOptions options);

    /** An update handler: runs when the object's essence changed since it was last handled. */
    Registry onUpdate(String resource, Handler handler);

    /** An update handler with options (id, error handling, filters). */
    Registry onUpdate(String resource, Handler handler, HandlerOptions options);

    /** A delete handler; unless {@link HandlerOptions#optional()}, objects get the operator's finalizer. */
    Registry onDelete(String resource, Handler handler);

    /** A delete handler with options ({@link HandlerOptions#optional()}, id, error handling, filters). */
    Registry onDelete(String resource, Handler handler, HandlerOptions options);

    /** A resume handler: runs for the objects that exist when the operator starts (and were handled before). */
    Registry onResume(String resource, Handler handler);

    /** A resume handler with options ({@link HandlerOptions#deleted()}, id, error handling, filters). */
    Registry onResume(String resource, Handler handler, HandlerOptions options);

    /** A field handler: runs when the field ({@code "spec.replicas"}, dotted) changes, on any cause. */
    Registry onField(String resource, String field, Handler handler);

    /** A field handler with options (id, error handling, filters). */
    Registry onField(String resource, String field, Handler handler, HandlerOptions options);

    /** An event handler: every raw watch event; {@link HandlerContext#rawEvent()} gives it. */
    Registry onEvent(String resource, Handler handler);

    /** An event handler with options (id and filters; there are no retries). */
    Registry onEvent(String resource, Handler handler, HandlerOptions options);

    /**
     * A validating admission handler ({@link On.Validate}): throwing {@link AdmissionError} rejects the request; the
     * context's {@code dryRun()}, {@code userInfo()}, {@code headers()}, {@code sslPeer()}, {@code operation()} and
     * {@code warnings()} are set. The id (and webhook path) defaults to {@code onValidate.<resource>}.
     */
    Registry onValidate(String resource, Handler handler);

    /** A validating admission handler with options (operations, subresource, filters, failure policy). */
    Registry onValidate(String resource, Handler handler, AdmissionOptions options);

    /**
     * A mutating admission handler ({@link On.Mutate}): what it puts into the context's {@code patch()} becomes the
     * admission response's JSON-patch. The id (and webhook path) defaults to {@code onMutate.<resource>}.
     */
    Registry onMutate(String resource, Handler handler);

    /** A mutating admission handler with options (operations, subresource, filters, failure policy). */
    Registry onMutate(String resource, Handler handler, AdmissionOptions options);

    // Timers, daemons and indices (the counterparts of @On.Timer, @On.Daemon and @On.Index).

    /**
     * A timer: runs every {@code interval} for each object that exists and matches the filters, with the freshest
     * body; {@link HandlerContext#stopper()} tells when it should stop. Objects get the operator's finalizer.
     */
    Registry onTimer(String resource, Duration interval, Handler handler);

    /**
     * A timer with options: {@link HandlerOptions#interval()} or {@link HandlerOptions#idle()} (or both) is
     * required; {@link HandlerOptions#initialDelay()}, {@link HandlerOptions#sharp()} and the error options apply.
     */
    Registry onTimer(String resource, Handler handler, HandlerOptions options);

    /**
     * A daemon: runs once per object that exists and matches the filters, on its own thread, until it returns or is
     * asked to stop through {@link HandlerContext#stopper()} (deletion, filters that stop matching, the operator's
     * pause or exit). Objects get the operator's finalizer.
     */
    Registry onDaemon(String resource, Handler handler);

    /**
     * A daemon with options: {@link HandlerOptions#initialDelay()}, the cancellation options
     * ({@link HandlerOptions#cancellationBackoff()}, {@code cancellationTimeout}, {@code cancellationPolling}) and
     * the error options apply.
     */
    Registry onDaemon(String resource, Handler handler, HandlerOptions options);

    /**
     * An index named {@code name}: the handler is called on every event of every matching object, and its result
     * goes into the index (a {@code Map}'s entries, or any other non-null value under the {@code null} key), which
     * handlers read with {@link HandlerContext#index(String)} or inject with {@link Indexed}.
     */
    Registry onIndex(String resource, String name, Handler handler);

    /** An index with filters ({@link HandlerOptions#id()}, if set, must equal {@code name}). */
    Registry onIndex(String resource, String name, Handler handler, HandlerOptions options);

    // Operator-level activities (the counterparts of @On.Startup, @On.Cleanup and @On.Probe).

    /**
     * A startup handler: runs before any watch, may change the settings; a failure stops the operator from starting.
     * The id is {@code onStartup} unless given.
     */
    Registry onStartup(ActivityHandler handler);

    /** A startup handler with options (id, errors, timeout, retries, backoff; filters do not apply). */
    Registry onStartup(ActivityHandler handler, HandlerOptions options);

    /** A cleanup handler: runs when the operator stops gracefully. The id is {@code onCleanup} unless given. */
    Registry onCleanup(ActivityHandler handler);

    /** A cleanup handler with options (id, errors, timeout, retries, backoff; filters do not apply). */
    Registry onCleanup(ActivityHandler handler, HandlerOptions options);

    /** A liveness probe: its result is reported under {@code id} by the liveness endpoint; one that throws fails it. */
    Registry onProbe(String id, ActivityHandler handler);
}
