package io.kopf4j.internal.cluster;

/**
 * HTTP 4xx: the request was wrong or not allowed. Not retried, except {@link ApiTooManyRequestsError}.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiClientError extends ApiError {
    ApiClientError(Failure failure, Throwable cause) {
        super(failure, cause);
    }

    ApiClientError(Failure failure, String message, Throwable cause) {
        super(failure, message, cause);
    }
}
