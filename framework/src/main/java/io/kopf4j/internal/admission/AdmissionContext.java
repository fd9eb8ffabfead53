package io.kopf4j.internal.admission;

import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.DryRun;
import io.kopf4j.Events;
import io.kopf4j.Headers;
import io.kopf4j.Index;
import io.kopf4j.Memo;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.Operation;
import io.kopf4j.Param;
import io.kopf4j.Patch;
import io.kopf4j.RawEvent;
import io.kopf4j.Reason;
import io.kopf4j.Resource;
import io.kopf4j.Retry;
import io.kopf4j.Runtime;
import io.kopf4j.SslPeer;
import io.kopf4j.Started;
import io.kopf4j.Subhandlers;
import io.kopf4j.UserInfo;
import io.kopf4j.Warnings;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.Diffs;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.registry.IndexSource;
import io.kopf4j.internal.registry.InvocationContext;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.registry.RealResource;
import io.kopf4j.internal.registry.Views;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * What one admission handler (and its filters) is given for one admission request: the request's object as the body
 * (the old object on DELETE), {@code Old}/{@code New} as the stored and the requested object, their {@code Diff}, the
 * admission injectables, and a patch of its own. Kopf: {@code WebhookCause}. Not API.
 */
final class AdmissionContext implements InvocationContext, IndexSource {

    /**
     * What all handlers of one request share.
     *
     * @param request  the review request
     * @param resource the resource kind it is for
     * @param logger   the per-object logger
     * @param memo     the object's memo (a throw-away one on CREATE)
     * @param events   the Events injectable (posting nothing on dry runs)
     * @param indices  the operator's indices
     * @param headers  the HTTP headers of the review request
     * @param sslPeer  the client certificate of the review request
     * @param warnings the warnings to send back
     * @param started  when the review began
     */
    record Shared(AdmissionRequest request, ResourceKind resource, Logger logger, Memo memo, Events events,
                  Indices indices, Headers headers, SslPeer sslPeer, RealWarnings warnings, Instant started) {
    }

    private final Shared shared;
    private final AdmissionSpec spec;
    private final RealPatch patch;
    private final Body body;

    /**
     * @param shared the request's shared part
     * @param spec   the handler
     * @param patch  the handler's own patch (mutating handlers), or null (validating ones cannot patch)
     */
    AdmissionContext(Shared shared, AdmissionSpec spec, RealPatch patch) {
        this.shared = shared;
        this.spec = spec;
        this.patch = patch;
        this.body = Views.body(shared.request().body());
    }

    @Override
    public Body body() {
        return body;
    }

    @Override
    public Patch patch() {
        if (patch == null) {
            throw new IllegalStateException("Validating handlers cannot patch the object (" + spec.description()
                    + "); register a mutating handler for that");
        }
        return patch;
    }

    @Override
    public Diff diff() {
        return Diffs.diff(shared.request().oldObject(), shared.request().object());
    }

    @Override
    public Old old() {
        return Views.old(shared.request().oldObject());
    }

    @Override
    public New newValue() {
        return Views.newValue(shared.request().object());
    }

    /** Admission handlers have no cause reason: {@link #operation()} tells what happens. */
    @Override
    public Reason reason() {
        return null;
    }

    /** Admission handlers are never retried: always the first attempt. */
    @Override
    public Retry retry() {
        return () -> 0;
    }

    @Override
    public Started started() {
        Instant started = shared.started();
        return () -> started;
    }

    @Override
    public Runtime runtime() {
        Duration runtime = Duration.between(shared.started(), Instant.now());
        return () -> runtime;
    }

    @Override
    public Logger logger() {
        return shared.logger();
    }

    @Override
    public Memo memo() {
        return shared.memo();
    }

    @Override
    public Param param() {
        String value = spec.param() == null ? "" : spec.param();
        return () -> value;
    }

    @Override
    public Resource resource() {
        return RealResource.of(shared.resource());
    }

    @Override
    public Events events() {
        return shared.events();
    }

    @Override
    public Subhandlers subhandlers() {
        throw new IllegalStateException("Sub-handlers are only for change handlers, not for admission handlers ("
                + spec.description() + ")");
    }

    @Override
    public RawEvent rawEvent() {
        return null;
    }

    @Override
    public DryRun dryRun() {
        boolean dryRun = shared.request().dryRun();
        return () -> dryRun;
    }

    @Override
    public UserInfo userInfo() {
        return shared.request().userInfo();
    }

    @Override
    public Headers headers() {
        return shared.headers();
    }

    @Override
    public SslPeer sslPeer() {
        return shared.sslPeer();
    }

    @Override
    public Operation operation() {
        return shared.request().operation();
    }

    @Override
    public Warnings warnings() {
        return shared.warnings();
    }

    @Override
    public Index<?, ?> index(String id) {
        return shared.indices().view(id);
    }
}
