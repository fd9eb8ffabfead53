package io.kopf4j;

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
    Registry onCreate(String resource, Handler handler);

    Registry onCreate(String resource, Handler handler, HandlerOptions options);

    Registry onUpdate(String resource, Handler handler);

    Registry onUpdate(String resource, Handler handler, HandlerOptions options);

    /** A delete handler; unless {@link HandlerOptions#optional()}, objects get the operator's finalizer. */
    Registry onDelete(String resource, Handler handler);

    Registry onDelete(String resource, Handler handler, HandlerOptions options);

    Registry onResume(String resource, Handler handler);

    Registry onResume(String resource, Handler handler, HandlerOptions options);

    /** A field handler: runs when the field ({@code "spec.replicas"}, dotted) changes, on any cause. */
    Registry onField(String resource, String field, Handler handler);

    Registry onField(String resource, String field, Handler handler, HandlerOptions options);

    /** An event handler: every raw watch event; {@link HandlerContext#rawEvent()} gives it. */
    Registry onEvent(String resource, Handler handler);

    Registry onEvent(String resource, Handler handler, HandlerOptions options);

    /**
     * A validating admission handler ({@link On.Validate}): throwing {@link AdmissionError} rejects the request; the
     * context's {@code dryRun()}, {@code userInfo()}, {@code headers()}, {@code sslPeer()}, {@code operation()} and
     * {@code warnings()} are set. The id (and webhook path) defaults to {@code onValidate.<resource>}.
     */
    Registry onValidate(String resource, Handler handler);

    Registry onValidate(String resource, Handler handler, AdmissionOptions options);

    /**
     * A mutating admission handler ({@link On.Mutate}): what it puts into the context's {@code patch()} becomes the
     * admission response's JSON-patch. The id (and webhook path) defaults to {@code onMutate.<resource>}.
     */
    Registry onMutate(String resource, Handler handler);

    Registry onMutate(String resource, Handler handler, AdmissionOptions options);
}
