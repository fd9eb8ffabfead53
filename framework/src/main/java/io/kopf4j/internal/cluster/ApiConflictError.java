package io.kopf4j.internal.cluster;

/**
 * HTTP 409: an optimistic-concurrency conflict, or the object already exists.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiConflictError extends ApiClientError {
    ApiConflictError(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}
