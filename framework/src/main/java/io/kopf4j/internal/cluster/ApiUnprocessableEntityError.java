package io.kopf4j.internal.cluster;

/**
 * HTTP 422: the object is invalid (see the Status's causes), or a JSON-patch test failed.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiUnprocessableEntityError extends ApiClientError {
    ApiUnprocessableEntityError(Failure failure, Throwable cause) {
        super(failure, cause);
    }
}
