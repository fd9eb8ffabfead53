package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An error answered to the client: a {@code Status} object, or plain text where the real server answers plain text
 * (an unrouted path's {@code 404 page not found}, the aggregator's {@code service unavailable}). Not API.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String reason;
    private final transient ObjectNode details;
    private final boolean plainText;
    private final int retryAfterSeconds;
    private final transient List<String> warnings;

    private ApiError(int code, String reason, String message, ObjectNode details, boolean plainText, int retryAfter) {
        this(code, reason, message, details, plainText, retryAfter, List.of());
    }

    private ApiError(int code, String reason, String message, ObjectNode details, boolean plainText, int retryAfter,
                     List<String> warnings) {
        super(message, null, false, false);
        this.code = code;
        this.reason = reason;
        this.details = details;
        this.plainText = plainText;
        this.retryAfterSeconds = retryAfter;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * This error with {@code Warning} texts to send along (the real server sends the warnings a request gathered,
     * e.g. from admission webhooks, with its error too).
     */
    public ApiError withWarnings(List<String> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        for (String w : more) {
            if (!all.contains(w)) {
                all.add(w);
            }
        }
        return new ApiError(code, reason, getMessage(), details, plainText, retryAfterSeconds, all);
    }

    /** The {@code Warning} texts to send with this error. */
    public List<String> warnings() {
        return warnings;
    }

    public static ApiError status(int code, String reason, String message, ObjectNode details) {
        return new ApiError(code, reason, message, details, false, 0);
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public boolean plainText() {
        return plainText;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The Status object; {@code details} omitted when null, as the real server omits empty fields. */
    public ObjectNode toStatus() {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        if (getMessage() != null && !getMessage().isEmpty()) {
            s.put("message", getMessage());
        }
        if (reason != null && !reason.isEmpty()) {
            s.put("reason", reason);
        }
        if (details != null) {
            s.set("details", details);
        }
        s.put("code", code);
        return s;
    }

    private static ObjectNode details(String name, String group, String kind) {
        ObjectNode d = Json.object();
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (kind != null && !kind.isEmpty()) {
            d.put("kind", kind);
        }
        return d;
    }

    // ---- plain-text answers

    /** Go's http.NotFound: an unowned path. */
    public static ApiError pageNotFound() {
        return new ApiError(404, null, "404 page not found", null, true, 0);
    }

    /** The aggregator's answer for an unavailable APIService. */
    public static ApiError serviceUnavailable() {
        return new ApiError(503, null, "service unavailable", null, true, 0);
    }

    // ---- Status answers

    public static ApiError notFound(ResourceType t, String name) {
        return status(404, "NotFound", t.groupResource() + " \"" + name + "\" not found",
                details(name, t.group(), t.plural()));
    }

    public static ApiError namespaceNotFound(String ns) {
        return status(404, "NotFound", "namespaces \"" + ns + "\" not found", details(ns, "", "namespaces"));
    }

    public static ApiError unknownResource() {
        return status(404, "NotFound", "the server could not find the requested resource", Json.object());
    }

    public static ApiError alreadyExists(ResourceType t, String name, boolean beingDeleted) {
        return status(409, "AlreadyExists", (beingDeleted ? "object is being deleted: " : "")
                + t.groupResource() + " \"" + name + "\" already exists", details(name, t.group(), t.plural()));
    }

    public static ApiError conflict(ResourceType t, String name) {
        return status(409, "Conflict", "Operation cannot be fulfilled on " + t.groupResource() + " \"" + name
                        + "\": the object has been modified; please apply your changes to the latest version and try again",
                details(name, t.group(), t.plural()));
    }

    public static ApiError preconditionConflict(ResourceType t, String name, String what, String expected, String actual) {
        String tail = what.equals("UID")
                ? "The object might have been deleted and then recreated"
                : "The object might have been modified";
        return status(409, "Conflict", "Operation cannot be fulfilled on " + t.groupKind() + " \"" + name + "\": the "
                + what + " in the precondition (" + expected + ") does not match the " + what + " in record ("
                + actual + "). " + tail, details(name, t.group(), t.plural()));
    }

    /** 422 Invalid with causes; the message joins distinct errors as apimachinery's aggregate does. */
    public static ApiError invalid(String groupKind, String group, String kind, String name, List<FieldError> errors) {
        ObjectNode d = details(name, group, kind);
        ArrayNode causes = d.putArray("causes");
        Set<String> messages = new LinkedHashSet<>();
        for (FieldError e : errors) {
            ObjectNode c = causes.addObject();
            c.put("reason", e.type());
            c.put("message", e.body());
            c.put("field", e.field());
            messages.add(e.message());
        }
        String joined = messages.size() == 1 ? messages.iterator().next() : "[" + String.join(", ", messages) + "]";
        return status(422, "Invalid", groupKind + " \"" + name + "\" is invalid: " + joined, d);
    }

    public static ApiError invalid(ResourceType t, String name, List<FieldError> errors) {
        return invalid(t.groupKind(), t.group(), t.kind(), name, errors);
    }

    public static ApiError jsonPatchFailed() {
        return status(422, "Invalid", "the server rejected our request due to an error in our request", Json.object());
    }

    public static ApiError badRequest(String message) {
        return status(400, "BadRequest", message, null);
    }

    public static ApiError methodNotAllowed() {
        return status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource",
                Json.object());
    }

    public static ApiError methodNotSupported(ResourceType t, String verb) {
        return status(405, "MethodNotAllowed", verb + " is not supported on resources of kind \"" + t.groupResource()
                + "\"", details(null, t.group(), t.plural()));
    }

    public static ApiError unsupportedPatchType(boolean customResource) {
        if (customResource) {
            return status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted "
                    + "media types include: application/json-patch+json, application/merge-patch+json, "
                    + "application/apply-patch+yaml", null);
        }
        return status(415, "UnsupportedMediaType", "415: Unsupported Media Type", Json.object());
    }

    public static ApiError notAcceptable() {
        return status(406, "NotAcceptable", "only the following media types are accepted: application/json, "
                + "application/json;as=Table;v=v1;g=meta.k8s.io", null);
    }

    public static ApiError unauthorized() {
        return status(401, "Unauthorized", "Unauthorized", null);
    }

    public static ApiError forbidden(String message, ObjectNode details) {
        return status(403, "Forbidden", message, details);
    }

    public static ApiError expired(String message) {
        return status(410, "Expired", message, null);
    }

    public static ApiError internal(String message) {
        return status(500, "InternalError", "Internal error occurred: " + message, details(null, null, null));
    }

    /** apimachinery's NewInternalError: the error text as the message's tail and as the one cause. */
    public static ApiError internalError(String error) {
        ObjectNode d = Json.object();
        d.putArray("causes").addObject().put("message", error);
        return status(500, "InternalError", "Internal error occurred: " + error, d);
    }

    /** A plain Go error: code 500, no reason. */
    public static ApiError plainError(String message) {
        return status(500, null, message, null);
    }

    public static ApiError tooManyRequests(String message, int retryAfterSeconds) {
        ObjectNode d = Json.object();
        d.put("retryAfterSeconds", retryAfterSeconds);
        return new ApiError(429, "TooManyRequests", message, d, false, retryAfterSeconds);
    }

    /** An error of any code with a Status body, for fault injection. */
    public static ApiError injected(int code) {
        switch (code) {
            case 400: return badRequest("injected fault");
            case 401: return unauthorized();
            case 403: return forbidden("forbidden: injected fault", Json.object());
            case 404: return status(404, "NotFound", "injected fault: not found", Json.object());
            case 409: return status(409, "Conflict", "injected fault: conflict", Json.object());
            case 410: return expired("injected fault: expired");
            case 422: return status(422, "Invalid", "injected fault: invalid", Json.object());
            case 429: return tooManyRequests("injected fault: too many requests, please try again later", 1);
            case 500: return internal("injected fault");
            case 503: {
                ObjectNode d = Json.object();
                d.put("retryAfterSeconds", 1);
                return new ApiError(503, "ServiceUnavailable", "injected fault: service unavailable", d, false, 1);
            }
            case 504: return status(504, "Timeout", "injected fault: timeout", Json.object());
            default: return status(code, code >= 500 ? "InternalError" : "BadRequest", "injected fault", null);
        }
    }
}
