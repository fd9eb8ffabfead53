package io.kopf4j.internal.cluster;

/**
 * HTTP 401: the credentials were not accepted; the caller logs in again.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiUnauthorizedError extends ApiClientError {
    ApiUnauthorizedError(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}
