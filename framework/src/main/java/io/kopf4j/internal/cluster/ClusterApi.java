package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The request pipeline to the Kubernetes API: raw paths in, Jackson trees out. It sends requests through the OkHttp
 * client of a client-java {@link ApiClient} (so its TLS setup, proxy and credentials apply), maps every failure to an
 * {@link ApiError}, and retries what may succeed later (429, 5xx, connection failures and timeouts) after the
 * configured backoffs, waiting at least as long as a {@code Retry-After} asks for a 429 or 503. Each attempt is
 * bounded by the request timeout.
 *
 * <p>Watch streams ({@link #watch}) are the exception to the retries: one attempt each, with their own timeouts, read
 * line by line and closable from another thread; the watching layer decides when and from where to reconnect.
 *
 * <p>Neither request nor response bodies nor headers are ever logged, so neither tokens nor Secret data can reach
 * the logs; errors keep only what {@link ApiError} keeps.
 *
 * <p>The credentials come from a {@link Vault}, asked before every request and watch: when the server answers 401,
 * the failed credentials are invalidated and the request is sent again with the next ones, or with those of a new
 * login; a {@link io.kopf4j.LoginError} ends it when no login gives working credentials.
 *
 * <p>Instances are immutable and thread-safe; {@link #with(Config)} derives one with other settings that shares the
 * vault and the connections. Not API. Kopf: {@code kopf/_cogs/clients/api.py}.
 */
public final class ClusterApi {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType APPLICATION_JSON = MediaType.get("application/json");
    /** How often one call is made again with other credentials after the server rejected them (401). */
    private static final int MAX_REJECTIONS_PER_CALL = Vault.MAX_REJECTED_LOGINS + 1;

    /** The patch flavours the framework sends. */
    public enum PatchType {
        /** RFC 7386 merge-patch: maps merge, {@code null} deletes, lists are replaced. */
        MERGE("application/merge-patch+json"),
        /** RFC 6902 JSON-patch: a list of operations, incl. {@code test}. */
        JSON("application/json-patch+json"),
        /** Kubernetes' strategic merge-patch (built-in resources only; custom resources answer 415). */
        STRATEGIC("application/strategic-merge-patch+json");

        private final String contentType;

        PatchType(String contentType) {
            this.contentType = contentType;
        }

        public String contentType() {
            return contentType;
        }
    }

    /**
     * The networking settings this pipeline needs, so the lead can wire {@code OperatorSettings.networking()} in.
     *
     * @param errorBackoffs     the waits before each retry; their count is the number of retries (Kopf:
     *                          {@code networking.error_backoffs}, default 1, 1, 2, 3, 5, 8, 13, 21 seconds)
     * @param requestTimeout    the limit of one attempt, from sending to the end of the body (Kopf:
     *                          {@code networking.request_timeout}, default 300 s)
     * @param enforceRetryAfter wait exactly the {@code Retry-After} even when the backoff is longer (Kopf:
     *                          {@code networking.enforce_retry_after}, default false: the longer of the two)
     */
    public record Config(List<Duration> errorBackoffs, Duration requestTimeout, boolean enforceRetryAfter) {
        public Config {
            errorBackoffs = List.copyOf(errorBackoffs);
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw new IllegalArgumentException("the request timeout must be positive, not " + requestTimeout);
            }
        }

        /** Kopf's defaults. */
        public static Config defaults() {
            return new Config(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2),
                    Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(8), Duration.ofSeconds(13),
                    Duration.ofSeconds(21)), Duration.ofSeconds(300), false);
        }

        public Config withErrorBackoffs(List<Duration> backoffs) {
            return new Config(backoffs, requestTimeout, enforceRetryAfter);
        }

        public Config withRequestTimeout(Duration timeout) {
            return new Config(errorBackoffs, timeout, enforceRetryAfter);
        }

        public Config withEnforceRetryAfter(boolean enforce) {
            return new Config(errorBackoffs, requestTimeout, enforce);
        }
    }

    /** How the pipeline waits between attempts; tests record the waits instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        /** Sleeps on the current thread. */
        Sleeper SYSTEM = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

        void sleep(Duration duration) throws InterruptedException;
    }

    private final Vault vault;
    private final Config config;
    private final Sleeper sleeper;
    /** The turns of the requests in flight (not watches), shared by the pipelines made {@link #with}; null: none. */
    private final Semaphore turns;
    private final int limit;

    /** Over one client, with no other way to log in (see {@link Vault#of}). */
    public ClusterApi(ApiClient client, Config config) {
        this(Vault.of(client), config, Sleeper.SYSTEM);
    }

    /** Over one client, with no other way to log in (see {@link Vault#of}). */
    public ClusterApi(ApiClient client, Config config, Sleeper sleeper) {
        this(Vault.of(client), config, sleeper);
    }

    /** Over the vault's credentials, logging in again when the server rejects them. */
    public ClusterApi(Vault vault, Config config) {
        this(vault, config, Sleeper.SYSTEM);
    }

    public ClusterApi(Vault vault, Config config, Sleeper sleeper) {
        this(vault, config, sleeper, null, 0);
    }

    private ClusterApi(Vault vault, Config config, Sleeper sleeper, Semaphore turns, int limit) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.config = Objects.requireNonNull(config, "config");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.turns = turns;
        this.limit = limit;
    }

    /** A pipeline with other settings over the same credentials, connections and request limit. */
    public ClusterApi with(Config other) {
        return new ClusterApi(vault, other, sleeper, turns, limit);
    }

    /**
     * A pipeline over the same credentials and connections that sends at most {@code limit} requests at once (watches
     * not counted); further requests wait for a turn in arrival order. Without it, a burst of thousands of objects
     * handled at once (a worker per object on virtual threads) opens thousands of connections to the API server at
     * once, more than a server or a proxy accepts. The server answers a few requests at a time anyway; what waits
     * for a turn should be small, which is why the workers are bounded too. Kopf has no such limit.
     *
     * @param limit the most requests in flight at once; 0 for no limit
     */
    public ClusterApi withRequestLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("the request limit must not be negative: " + limit);
        }
        return new ClusterApi(vault, config, sleeper, limit == 0 ? null : new Semaphore(limit, true), limit);
    }

    /**
     * A pipeline that does not wait for a turn: for the few requests that must not queue behind a burst of object
     * patches, such as renewing a lease or a peering record before it expires.
     */
    public ClusterApi unlimited() {
        return turns == null ? this : new ClusterApi(vault, config, sleeper, null, 0);
    }

    /** The most requests in flight at once (0: no limit). */
    public int requestLimit() {
        return limit;
    }

    public Config config() {
        return config;
    }

    /** The Jackson mapper used for bodies. */
    public static ObjectMapper json() {
        return JSON;
    }

    /** GET an object or a discovery document. */
    public JsonNode get(String path) {
        return request("GET", path, null, null);
    }

    /** GET a list (the path of a collection, with a query if needed: {@code ?labelSelector=...}). */
    public JsonNode list(String path) {
        return request("GET", path, null, null);
    }

    /** POST a new object to a collection path; returns the object as stored. */
    public JsonNode create(String path, JsonNode body) {
        return request("POST", path, Objects.requireNonNull(body, "body"), APPLICATION_JSON.toString());
    }

    /** PATCH an object; returns the object as stored. */
    public JsonNode patch(String path, JsonNode patch, PatchType type) {
        return request("PATCH", path, Objects.requireNonNull(patch, "patch"), type.contentType());
    }

    /** Merge-patch the {@code /status} subresource of the object at {@code objectPath}. */
    public JsonNode patchStatus(String objectPath, JsonNode patch) {
        int q = objectPath.indexOf('?');
        String path = q < 0 ? objectPath + "/status" : objectPath.substring(0, q) + "/status" + objectPath.substring(q);
        return patch(path, patch, PatchType.MERGE);
    }

    /** DELETE an object; returns what the server answers (the object while finalizers hold it, or a Status). */
    public JsonNode delete(String path) {
        return request("DELETE", path, null, null);
    }

    /** DELETE an object with {@code DeleteOptions} (preconditions, propagation). */
    public JsonNode delete(String path, JsonNode options) {
        return request("DELETE", path, options, APPLICATION_JSON.toString());
    }

    /**
     * One request with retries. Returns the parsed body ({@link MissingNode} for an empty one); throws an
     * {@link ApiError} when the last attempt fails or the failure is not worth retrying, or
     * {@link ApiMalformedResponseError} when a successful response is not JSON.
     */
    public JsonNode request(String method, String path, JsonNode body, String contentType) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        byte[] payload = body == null ? null : serialize(body);
        List<Duration> backoffs = config.errorBackoffs();
        int total = backoffs.size() + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode result = authenticated(method, path, c -> once(c, method, path, payload, contentType));
                if (attempt > 1) {
                    LOG.debug("Request attempt #{}/{} succeeded: {} {}", attempt, total, method, path);
                }
                return result;
            } catch (ApiError e) {
                if (!e.isRetryable() || attempt >= total) {
                    if (e.isRetryable()) {
                        LOG.debug("Request attempt #{}/{} failed; escalating: {}", attempt, total, e.getMessage());
                    }
                    throw e;
                }
                Duration wait = backoffs.get(attempt - 1);
                Duration asked = e.retryAfter().orElse(null);
                if (asked != null && (e.status() == 429 || e.status() == 503)
                        && (config.enforceRetryAfter() || asked.compareTo(wait) > 0)) {
                    wait = asked;
                }
                LOG.debug("Request attempt #{}/{} failed; will retry in {} ms: {}", attempt, total, wait.toMillis(),
                        e.getMessage());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Opens a watch stream: one GET of {@code path} (which carries {@code watch=true} and the other parameters in
     * its query), made once, without retries; the caller decides how to reconnect. Returns when the response
     * headers have arrived; the events are then read one line at a time with {@link WatchStream#next()}.
     *
     * @throws ApiError the mapped failure when the server answers 4xx/5xx or cannot be reached
     */
    public WatchStream watch(String path, WatchOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        return authenticated("GET", path, c -> openWatch(c, path, options));
    }

    private WatchStream openWatch(Vault.Credentials credentials, String path, WatchOptions options) {
        OkHttpClient.Builder tuned = credentials.http().newBuilder()
                .readTimeout(millis(options.readTimeout()), TimeUnit.MILLISECONDS)
                .callTimeout(millis(options.callTimeout()), TimeUnit.MILLISECONDS);
        if (options.connectTimeout() != null) {
            tuned.connectTimeout(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        Call call = tuned.build().newCall(newRequest(credentials, "GET", path, null, null));
        Response rs;
        try {
            rs = call.execute();
        } catch (InterruptedIOException e) {
            throw new ApiConnectionError("GET", path, true, e);
        } catch (IOException e) {
            throw new ApiConnectionError("GET", path, false, e);
        }
        if (rs.code() >= 400) {
            try (rs) {
                ResponseBody rsBody = rs.body();
                String text = rsBody == null ? "" : rsBody.string();
                throw ApiError.of("GET", path, rs.code(), rs.headers().toMultimap(), rs.header("Content-Type"), text,
                        null);
            } catch (IOException e) {
                throw new ApiConnectionError("GET", path, e instanceof InterruptedIOException, e);
            }
        }
        return new WatchStream(path, call, rs);
    }

    /** Zero (OkHttp's "no limit") for an absent duration. */
    private static long millis(Duration d) {
        return d == null ? 0 : Math.max(1, d.toMillis());
    }

    /**
     * The client-side limits of one watch request; null means none.
     *
     * @param readTimeout    the longest silence between two reads before the stream fails as timed out (Kopf's
     *                       {@code watching.inactivity_timeout} is meant for this)
     * @param callTimeout    the limit of the whole request, headers and body (Kopf: {@code watching.client_timeout})
     * @param connectTimeout the limit of establishing the connection (Kopf: {@code watching.connect_timeout}); null
     *                       keeps the client's own
     */
    public record WatchOptions(Duration readTimeout, Duration callTimeout, Duration connectTimeout) {
        /** No limits but the client's connection timeout. */
        public static WatchOptions none() {
            return new WatchOptions(null, null, null);
        }
    }

    /**
     * An open watch response: newline-framed JSON events (apiserver-wire.md §4), read one by one on one thread and
     * closable from any other thread, which ends a blocked {@link #next()} promptly.
     */
    public static final class WatchStream implements AutoCloseable {
        private final String path;
        private final Call call;
        private final Response response;
        private final BufferedReader reader;
        private volatile boolean closed;

        private WatchStream(String path, Call call, Response response) {
            this.path = path;
            this.call = call;
            this.response = response;
            ResponseBody body = response.body();
            this.reader = body == null ? new BufferedReader(java.io.Reader.nullReader())
                    : new BufferedReader(new InputStreamReader(body.byteStream(), StandardCharsets.UTF_8));
        }

        /**
         * The next event, blocking until it arrives.
         *
         * @return the event's JSON ({@code {"type":..., "object":...}}), or null when the stream has ended: the
         *     server closed it normally, or {@link #close()} was called
         * @throws ApiConnectionError when the connection broke or the read timeout passed (then
         *     {@link ApiConnectionError#timedOut()})
         * @throws ApiMalformedResponseError when a line is not JSON
         */
        public JsonNode next() {
            while (true) {
                String line;
                try {
                    line = reader.readLine();
                } catch (InterruptedIOException e) {
                    if (closed) {
                        return null;
                    }
                    throw new ApiConnectionError("GET", path, true, e);
                } catch (IOException e) {
                    if (closed) {
                        return null;
                    }
                    throw new ApiConnectionError("GET", path, false, e);
                }
                if (line == null || closed) {
                    return null;
                }
                if (line.isBlank()) {
                    continue;
                }
                try {
                    return JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new ApiMalformedResponseError("GET", path, response.code(),
                            "malformed watch event: not valid JSON (at column " + e.getLocation().getColumnNr() + ")");
                }
            }
        }

        /** Whether {@link #close()} was called. */
        public boolean isClosed() {
            return closed;
        }

        /** Cancels the request and frees the connection; safe from any thread, any number of times. */
        @Override
        public void close() {
            closed = true;
            call.cancel();
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing a body that another thread is reading may complain; the call is cancelled anyway.
            }
        }
    }

    /**
     * One call with the vault's credentials; when the server rejects them (401), they are invalidated and the call is
     * made again with the next (or newly logged-in) ones, a few times at most. A rejection is not a failed attempt:
     * the retries of {@link #request} are for the server's troubles, not for credentials.
     *
     * @throws io.kopf4j.LoginError when no credentials are left and logging in again gave none
     */
    private <T> T authenticated(String method, String path, Function<Vault.Credentials, T> call) {
        for (int rejections = 1; ; rejections++) {
            Vault.Credentials credentials;
            try {
                credentials = vault.credentials();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionError(method, path, true,
                        new InterruptedIOException("interrupted while waiting for the login"));
            }
            try {
                T result = call.apply(credentials);
                vault.accepted(credentials);
                return result;
            } catch (ApiUnauthorizedError e) {
                if (!vault.invalidate(credentials, e) || rejections >= MAX_REJECTIONS_PER_CALL) {
                    throw e;
                }
            }
        }
    }

    private Request newRequest(Vault.Credentials credentials, String method, String path, byte[] payload,
                               String contentType) {
        ApiClient client = credentials.client();
        String url = credentials.basePath() + (path.startsWith("/") ? path : "/" + path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", "application/json");
        try {
            client.updateParamsForAuth(new String[]{"BearerToken"}, new ArrayList<Pair>(), headers,
                    new HashMap<>(), payload == null ? null : new String(payload, StandardCharsets.UTF_8), method,
                    URI.create(url));
        } catch (ApiException e) {
            throw ApiError.of(method, path, e);
        }
        Request.Builder rb = new Request.Builder().url(url);
        client.processHeaderParams(headers, rb);
        RequestBody rqBody = payload == null ? null
                : RequestBody.create(payload, MediaType.get(contentType == null ? "application/json" : contentType));
        if (rqBody == null && (method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            rqBody = RequestBody.create(new byte[0], APPLICATION_JSON);
        }
        rb.method(method, rqBody);
        return rb.build();
    }

    private JsonNode once(Vault.Credentials credentials, String method, String path, byte[] payload,
                          String contentType) {
        Call call = credentials.http().newCall(newRequest(credentials, method, path, payload, contentType));
        call.timeout().timeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        if (turns != null) {
            try {
                turns.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiConnectionError(method, path, true,
                        new InterruptedIOException("interrupted while waiting for a turn to send the request"));
            }
        }
        try (Response rs = call.execute()) {
            ResponseBody rsBody = rs.body();
            String text = rsBody == null ? "" : rsBody.string();
            if (rs.code() >= 400) {
                throw ApiError.of(method, path, rs.code(), rs.headers().toMultimap(), rs.header("Content-Type"),
                        text, null);
            }
            if (text.isBlank()) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                // The parser's message quotes the body: do not keep it, only where it broke.
                throw new ApiMalformedResponseError(method, path, rs.code(),
                        "malformed body: not valid JSON (at line " + e.getLocation().getLineNr() + ", column "
                                + e.getLocation().getColumnNr() + ")");
            }
        } catch (InterruptedIOException e) {
            throw new ApiConnectionError(method, path, true, e);
        } catch (IOException e) {
            throw new ApiConnectionError(method, path, false, e);
        } finally {
            if (turns != null) {
                turns.release();
            }
        }
    }

    private static byte[] serialize(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize a request body", e);
        }
    }
}
