package io.kopf4j.internal.cluster;

/**
 * HTTP 5xx: the server failed to answer (including an aggregated API whose backend is down, 503). Retried with backoff.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiServerError extends ApiError {
    ApiServerError(Failure failure, Throwable cause) {
        super(failure, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
