package io.kopf4j.internal.cluster;

/**
 * No HTTP response at all: the connection failed or broke, or the request timed out. Retried with backoff, as Kopf
 * retries the HTTP library's connection errors and timeouts. The I/O error is chained as the cause.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/api.py} (its retried {@code ClientConnectionError}/{@code TimeoutError}).
 */
public class ApiConnectionError extends ApiError {
    private final boolean timedOut;

    ApiConnectionError(String method, String path, boolean timedOut, Throwable cause) {
        super(new Failure(method, path, 0, null, null, null, null, null),
                (timedOut ? "Timed out" : "Connection failed") + " for " + method + " " + path
                        + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                cause);
        this.timedOut = timedOut;
    }

    /** Whether the request ran out of time (as opposed to a refused or broken connection). */
    public boolean timedOut() {
        return timedOut;
    }

    @Override
    public String statusLine() {
        return timedOut ? "timed out" : "connection failed";
    }

    @Override
    public boolean isRetryable() {
        return true;
    }
}
