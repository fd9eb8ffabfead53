package io.kopf4j.internal.admission;

/**
 * A webhook request that is bad as a request (not JSON, not an {@code AdmissionReview}, an unknown path or resource),
 * as opposed to an API operation under review that handlers reject: it is answered with its HTTP status and message,
 * and never reaches a handler. Kopf: {@code WebhookError}, {@code MissingDataError}, {@code UnknownResourceError},
 * {@code AmbiguousResourceError}. Not API.
 */
public final class WebhookError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    WebhookError(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request body is not a usable admission review. */
    static WebhookError badRequest(String message) {
        return new WebhookError(400, message);
    }

    /** 404: no handler for the path or the resource. */
    static WebhookError notFound(String message) {
        return new WebhookError(404, message);
    }

    /** The HTTP status to answer with. */
    public int status() {
        return status;
    }
}
