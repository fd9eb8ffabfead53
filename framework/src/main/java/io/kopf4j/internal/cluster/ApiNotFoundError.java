package io.kopf4j.internal.cluster;

/**
 * HTTP 404: no such object, or no such resource (a group/version or CRD that is gone).
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiNotFoundError extends ApiClientError {
    ApiNotFoundError(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}
