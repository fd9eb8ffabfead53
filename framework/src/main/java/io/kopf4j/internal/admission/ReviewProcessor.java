package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.AdmissionError;
import io.kopf4j.Events;
import io.kopf4j.Headers;
import io.kopf4j.Memo;
import io.kopf4j.SslPeer;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.registry.FilterError;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.util.HandlerMetrics;
import org.slf4j.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Answers one {@code AdmissionReview}: checks the request, picks the admission handlers it is for (the one its path
 * names, or all; by resource, operation, subresource and filters), runs them all one after another, and builds the
 * response in the request's {@code apiVersion} with the request's {@code uid}:
 * <ul>
 *   <li>{@link AdmissionError} rejects: the response's {@code status.code} is the first rejection's code, its
 *       {@code status.message} the rejections' messages combined (in handler order, {@code "; "}-joined);</li>
 *   <li>any other exception (including a failing filter) rejects with a generic message that leaks nothing, code
 *       500; the exception is logged with the object. With {@code ignoreFailures}, such a failure is logged and
 *       the request passes;</li>
 *   <li>{@code Warnings} added by any handler go into {@code response.warnings};</li>
 *   <li>the mutating handlers' patches (of those that succeeded) become a base64 JSON-patch with
 *       {@code patchType: JSONPatch}, when the request is allowed and the patches change something.</li>
 * </ul>
 * Dry runs reach the handlers (they see {@code DryRun}): the framework itself posts no Events then. A bad request is
 * a {@link WebhookError} and reaches no handler. Thread-safe: reviews run concurrently. Kopf:
 * {@code serve_admission_request}, {@code build_response}. Not API.
 */
public final class ReviewProcessor {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the handlers are given besides the request: per-object loggers, Events, memos and indices. */
    public interface Collaborators {
        /** The logger for handlers of this object; its lines become Events only when {@code posting} allows. */
        Logger logger(ResourceKind resource, JsonNode body, boolean dryRun);

        /** The Events injectable; one that posts nothing on dry runs. */
        Events events(boolean dryRun);

        /** The object's memo; a throw-away one when {@code ephemeral} (on CREATE, the object does not exist yet). */
        Memo memo(ResourceKind resource, JsonNode body, boolean ephemeral);

        /** The operator's indices. */
        Indices indices();

        /** Counts handler runs and failures. */
        HandlerMetrics metrics();
    }

    /** What the HTTP layer knows of the review request. */
    record Transport(Headers headers, SslPeer sslPeer) {
        static Transport none() {
            return new Transport(RealHeaders.none(), RealSslPeer.none());
        }
    }

    /** One handler that did not succeed: rejected (an {@link AdmissionError}) or failed. */
    private record Failure(AdmissionSpec spec, Throwable error) {
        boolean rejection() {
            return error instanceof AdmissionError;
        }
    }

    private final List<AdmissionSpec> specs;
    private final Map<String, AdmissionSpec> byId = new LinkedHashMap<>();
    private final Collaborators collaborators;
    private volatile AdmissionResources resources = AdmissionResources.none();

    public ReviewProcessor(List<AdmissionSpec> specs, Collaborators collaborators) {
        this.specs = List.copyOf(specs);
        this.collaborators = Objects.requireNonNull(collaborators, "collaborators");
        for (AdmissionSpec spec : this.specs) {
            byId.put(spec.id().value(), spec);
        }
    }

    /** The handlers' resources, from now on. */
    void resources(AdmissionResources resolved) {
        this.resources = Objects.requireNonNull(resolved, "resolved");
    }

    AdmissionResources resources() {
        return resources;
    }

    /** Whether a handler has this id (the webhook path without its leading slash). */
    boolean knows(String webhookId) {
        return byId.containsKey(webhookId);
    }

    /**
     * The response to a review.
     *
     * @param review    the parsed JSON of the review request
     * @param webhookId the id the request's path names (only that handler runs), or null for all handlers
     * @param transport the request's headers and client certificate
     * @return the {@code AdmissionReview} with the response
     * @throws WebhookError for a bad request (an unknown id or resource, a malformed review)
     */
    JsonNode review(JsonNode review, String webhookId, Transport transport) {
        AdmissionSpec only = null;
        if (webhookId != null) {
            only = byId.get(webhookId);
            if (only == null) {
                throw WebhookError.notFound("No admission handler has the id '" + webhookId + "' (the webhook's "
                        + "path); handlers: " + byId.keySet());
            }
        }
        AdmissionRequest request = AdmissionRequest.parse(review);
        AdmissionResources resolved = resources;
        ResourceKind kind = resolved.find(request.group(), request.version(), request.resource())
                .orElseThrow(() -> WebhookError.notFound("No admission handler is for the resource "
                        + request.resourceName()));
        List<AdmissionSpec> candidates = new ArrayList<>();
        for (AdmissionSpec spec : only == null ? specs : List.of(only)) {
            if (resolved.of(spec).contains(kind) && spec.acceptsOperation(request.operation())
                    && spec.acceptsSubresource(request.subResource())) {
                candidates.add(spec);
            }
        }
        boolean dryRun = request.dryRun();
        JsonNode body = request.body();
        AdmissionContext.Shared shared = new AdmissionContext.Shared(request, kind,
                collaborators.logger(kind, body, dryRun),
                collaborators.memo(kind, body, request.operation() == io.kopf4j.Operation.CREATE),
                collaborators.events(dryRun), collaborators.indices(), transport.headers(), transport.sslPeer(),
                new RealWarnings(), Instant.now());
        List<Failure> failures = new ArrayList<>();
        List<RealPatch> patches = new ArrayList<>();
        for (AdmissionSpec spec : candidates) {
            RealPatch patch = spec.kind() == AdmissionSpec.Kind.MUTATING ? new RealPatch() : null;
            Failure failure = run(spec, new AdmissionContext(shared, spec, patch), shared.logger());
            if (failure == null) {
                if (patch != null) {
                    patches.add(patch);
                }
            } else if (failure.rejection() || !spec.ignoreFailures()) {
                failures.add(failure);
            }
        }
        return response(request, failures, shared.warnings().toSend(),
                failures.isEmpty() ? MutationPatch.of(body, patches) : NODES.arrayNode());
    }

    /** Runs one handler if its filters pass; its failure, or null when it passed or was filtered out. */
    private Failure run(AdmissionSpec spec, AdmissionContext context, Logger logger) {
        try {
            if (!spec.passes(context)) {
                return null;
            }
        } catch (FilterError e) {
            logger.error("The filters of admission handler '{}' failed; the request is rejected.", spec.id(), e);
            return new Failure(spec, e);
        }
        HandlerMetrics metrics = collaborators.metrics();
        metrics.ran(spec.id().value());
        try {
            spec.invoker().invoke(context);
            logger.debug("Admission handler '{}' succeeded.", spec.id());
            return null;
        } catch (AdmissionError e) {
            metrics.failed(spec.id().value());
            logger.info("Admission handler '{}' rejected the request (code {}): {}", spec.id(), e.code(),
                    e.getMessage());
            return new Failure(spec, e);
        } catch (Exception | LinkageError | AssertionError e) {
            metrics.failed(spec.id().value());
            if (spec.ignoreFailures()) {
                logger.warn("Admission handler '{}' failed unexpectedly; the request passes (ignoreFailures).",
                        spec.id(), e);
            } else {
                logger.error("Admission handler '{}' failed unexpectedly; the request is rejected.", spec.id(), e);
            }
            return new Failure(spec, e);
        }
    }

    /** The response document. */
    private static ObjectNode response(AdmissionRequest request, List<Failure> failures, List<String> warnings,
                                       ArrayNode patch) {
        ObjectNode review = NODES.objectNode();
        review.put("apiVersion", request.apiVersion());
        review.put("kind", AdmissionRequest.KIND);
        ObjectNode response = review.putObject("response");
        response.put("uid", request.uid());
        response.put("allowed", failures.isEmpty());
        if (!failures.isEmpty()) {
            ObjectNode status = response.putObject("status");
            status.put("code", code(failures));
            status.put("message", message(failures));
        }
        if (!warnings.isEmpty()) {
            ArrayNode list = response.putArray("warnings");
            warnings.forEach(list::add);
        }
        if (!patch.isEmpty()) {
            response.put("patchType", "JSONPatch");
            response.put("patch", Base64.getEncoder().encodeToString(patch.toString()
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return review;
    }

    /** The first rejection's code, else 500 (failures are internal errors). */
    private static int code(List<Failure> failures) {
        Optional<AdmissionError> first = failures.stream().filter(Failure::rejection)
                .map(f -> (AdmissionError) f.error()).findFirst();
        return first.map(AdmissionError::code).orElse(AdmissionError.DEFAULT_CODE);
    }

    /** The rejections' messages, then a generic one per failed handler, without repetitions. */
    private static String message(List<Failure> failures) {
        Set<String> messages = new LinkedHashSet<>();
        for (Failure f : failures) {
            if (f.rejection()) {
                String m = f.error().getMessage();
                messages.add(m == null || m.isBlank() ? "Rejected by the admission handler '" + f.spec().id() + "'"
                        : m);
            }
        }
        for (Failure f : failures) {
            if (!f.rejection()) {
                messages.add("The admission handler '" + f.spec().id() + "' failed; the operator's log has the "
                        + "details");
            }
        }
        return String.join("; ", messages);
    }
}
