package io.kopf4j.internal.cluster;

/**
 * HTTP 429: the server (or its priority-and-fairness filter) asks to slow down; {@link #retryAfter()} says for how
 * long. Retried with backoff, honouring {@code Retry-After}.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}, {@code api.py}.
 */
public class ApiTooManyRequestsError extends ApiClientError {
    ApiTooManyRequestsError(Failure failure, Throwable cause) {
        super(failure, cause);
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
