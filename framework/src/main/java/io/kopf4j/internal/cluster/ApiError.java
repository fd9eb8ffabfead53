package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubernetes.client.openapi.ApiException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A failed Kubernetes API request, with what the server said about it. The subclasses pick out the statuses that the
 * framework reacts to: {@link ApiClientError} (4xx) with {@link ApiUnauthorizedError} 401, {@link ApiForbiddenError}
 * 403, {@link ApiNotFoundError} 404, {@link ApiConflictError} 409, {@link ApiUnprocessableEntityError} 422 and
 * {@link ApiTooManyRequestsError} 429; {@link ApiServerError} (5xx); and {@link ApiConnectionError} when no response
 * came at all (a refused connection, a timeout). The class is chosen in one place, {@link #of}.
 *
 * <p>Only a Kubernetes {@code Status} body is kept (its {@code message}, {@code reason} and {@code details}). Any other
 * JSON body is dropped unread, and a non-JSON text body is cut to {@value #TEXT_LIMIT} characters, so that the data of
 * a Secret that some proxy echoed back can never reach the logs. The HTTP library's own error, if any, is chained as
 * the cause; client-java's {@link ApiException} never leaves this package.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiError extends RuntimeException {
    /** How many characters of a non-JSON error body are kept. Kopf: {@code TEXT_ERROR_MAX_SIZE}. */
    static final int TEXT_LIMIT = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one failed request said: the request line, and what was kept of the response. */
    record Failure(String method, String path, int status, String reason, String statusMessage, JsonNode details,
                   String text, Duration retryAfter) {
    }

    private final Failure failure;

    ApiError(Failure failure, Throwable cause) {
        super(describe(failure), cause);
        this.failure = failure;
    }

    ApiError(Failure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /**
     * The one mapping from an HTTP response to an error class.
     *
     * @param method      the request's HTTP method
     * @param path        the request's path (and query), without the server
     * @param status      the HTTP status (4xx or 5xx)
     * @param headers     the response headers (names in any case), or null
     * @param contentType the response's content type, or null
     * @param body        the response body as text, or null
     * @param cause       the HTTP library's error, or null
     */
    static ApiError of(String method, String path, int status, Map<String, List<String>> headers,
                       String contentType, String body, Throwable cause) {
        JsonNode statusDoc = null;
        String text = null;
        String trimmed = body == null ? "" : body.strip();
        if (!trimmed.isEmpty()) {
            JsonNode parsed = parse(trimmed);
            if (parsed != null) {
                // Better safe than sorry: any JSON that is not a Status may be the object itself (a Secret).
                statusDoc = "Status".equals(parsed.path("kind").asText(null)) ? parsed : null;
            } else if (contentType == null || !contentType.toLowerCase().contains("json")) {
                text = trimmed.length() > TEXT_LIMIT ? trimmed.substring(0, TEXT_LIMIT - 3) + "..." : trimmed;
            }
        }
        String reason = statusDoc == null ? null : textOrNull(statusDoc.get("reason"));
        String message = statusDoc == null ? null : textOrNull(statusDoc.get("message"));
        JsonNode details = statusDoc == null || !statusDoc.path("details").isObject() ? null : statusDoc.get("details");
        Failure f = new Failure(method, path, status, reason, message, details, text, retryAfter(headers, details));
        if (status == 401) {
            return new ApiUnauthorizedError(f, cause);
        } else if (status == 403) {
            return new ApiForbiddenError(f, cause);
        } else if (status == 404) {
            return new ApiNotFoundError(f, cause);
        } else if (status == 409) {
            return new ApiConflictError(f, cause);
        } else if (status == 422) {
            return new ApiUnprocessableEntityError(f, cause);
        } else if (status == 429) {
            return new ApiTooManyRequestsError(f, cause);
        } else if (status >= 400 && status < 500) {
            return new ApiClientError(f, cause);
        } else if (status >= 500 && status < 600) {
            return new ApiServerError(f, cause);
        }
        return new ApiError(f, cause);
    }

    /** The same mapping for a client-java failure; a failure without a response becomes an {@link ApiConnectionError}. */
    static ApiError of(String method, String path, ApiException e) {
        if (e.getCode() == 0) {
            return new ApiConnectionError(method, path, false, e);
        }
        Map<String, List<String>> headers = e.getResponseHeaders();
        String contentType = null;
        if (headers != null) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey() != null && h.getKey().equalsIgnoreCase("Content-Type") && !h.getValue().isEmpty()) {
                    contentType = h.getValue().get(0);
                }
            }
        }
        return of(method, path, e.getCode(), headers, contentType, e.getResponseBody(), e);
    }

    private static JsonNode parse(String text) {
        char c = text.charAt(0);
        if (c != '{' && c != '[') {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String textOrNull(JsonNode n) {
        return n == null || !n.isTextual() || n.asText().isEmpty() ? null : n.asText();
    }

    private static Duration retryAfter(Map<String, List<String>> headers, JsonNode details) {
        if (headers != null) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey() != null && h.getKey().equalsIgnoreCase("Retry-After") && !h.getValue().isEmpty()) {
                    try {
                        double seconds = Double.parseDouble(h.getValue().get(0).strip());
                        if (seconds >= 0) {
                            return Duration.ofMillis((long) (seconds * 1000));
                        }
                    } catch (NumberFormatException ignored) {
                        // An HTTP-date; Kubernetes never sends one. Fall through to the details.
                    }
                }
            }
        }
        if (details != null && details.path("retryAfterSeconds").canConvertToLong()
                && details.path("retryAfterSeconds").asLong() > 0) {
            return Duration.ofSeconds(details.path("retryAfterSeconds").asLong());
        }
        return null;
    }

    private static String describe(Failure f) {
        StringBuilder m = new StringBuilder().append(f.status());
        String phrase = phrase(f.status());
        if (phrase != null) {
            m.append(' ').append(phrase);
        }
        if (f.reason() != null && !f.reason().replace(" ", "").equalsIgnoreCase(phrase == null ? "" : phrase.replace(" ", ""))) {
            m.append(" (").append(f.reason()).append(')');
        }
        m.append(" for ").append(f.method()).append(' ').append(f.path());
        if (f.statusMessage() != null) {
            m.append(": ").append(f.statusMessage());
        } else if (f.text() != null) {
            m.append(": ").append(f.text());
        }
        return m.toString();
    }

    /** The standard reason phrase of an HTTP status, or null for an unusual one. */
    static String phrase(int status) {
        switch (status) {
            case 400: return "Bad Request";
            case 401: return "Unauthorized";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 406: return "Not Acceptable";
            case 409: return "Conflict";
            case 410: return "Gone";
            case 413: return "Request Entity Too Large";
            case 415: return "Unsupported Media Type";
            case 422: return "Unprocessable Entity";
            case 429: return "Too Many Requests";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 502: return "Bad Gateway";
            case 503: return "Service Unavailable";
            case 504: return "Gateway Timeout";
            default: return null;
        }
    }

    Failure failure() {
        return failure;
    }

    /** The HTTP status; 0 when no response came ({@link ApiConnectionError}). */
    public int status() {
        return failure.status();
    }

    /** {@code "503 Service Unavailable"}, or {@code "timed out"}/{@code "connection failed"} without a response. */
    public String statusLine() {
        String phrase = phrase(failure.status());
        return phrase == null ? Integer.toString(failure.status()) : failure.status() + " " + phrase;
    }

    /** The request's HTTP method. */
    public String method() {
        return failure.method();
    }

    /** The request's path (and query), without the server. */
    public String path() {
        return failure.path();
    }

    /** The {@code reason} of the server's {@code Status}, e.g. {@code NotFound}, {@code Invalid}. */
    public Optional<String> reason() {
        return Optional.ofNullable(failure.reason());
    }

    /** The {@code message} of the server's {@code Status}. */
    public Optional<String> statusMessage() {
        return Optional.ofNullable(failure.statusMessage());
    }

    /** The {@code details} of the server's {@code Status} (name, kind, causes, retryAfterSeconds), if any. */
    public Optional<JsonNode> details() {
        return Optional.ofNullable(failure.details());
    }

    /** The start of a plain-text error body (at most {@value #TEXT_LIMIT} characters), e.g. the aggregator's 503. */
    public Optional<String> text() {
        return Optional.ofNullable(failure.text());
    }

    /** How long the server asked to wait: {@code Retry-After}, or the Status's {@code details.retryAfterSeconds}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(failure.retryAfter());
    }

    /** Whether repeating the same request later may succeed: 429, 5xx, and failures without a response. */
    public boolean isRetryable() {
        return false;
    }
}
