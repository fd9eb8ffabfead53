package io.kopf4j.internal.cluster;

/**
 * A successful response whose body is not what the API promises: not JSON, or JSON of the wrong shape. The body is
 * never kept, only what was wrong with it. Not retried by the pipeline (the discovery scanner retries it itself).
 *
 * <p>Not API. Kopf has no such error: its {@code response.json()} raises the HTTP library's decoding error.
 */
public class ApiMalformedResponseError extends ApiError {
    private final String problem;

    ApiMalformedResponseError(String method, String path, int status, String problem) {
        super(new Failure(method, path, status, null, null, null, null, null),
                "Malformed response for " + method + " " + path + ": " + problem, null);
        this.problem = problem;
    }

    /** What was wrong with the body, e.g. {@code malformed body: not valid JSON (at line 1, column 3)}. */
    public String problem() {
        return problem;
    }

    @Override
    public String statusLine() {
        return problem;
    }
}
