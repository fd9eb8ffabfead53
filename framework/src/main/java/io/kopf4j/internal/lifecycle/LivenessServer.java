package io.kopf4j.internal.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kopf4j.internal.util.HandlerMetrics;
import io.kopf4j.internal.watching.Reflector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The liveness endpoint ({@code --liveness http://0.0.0.0:8080/healthz}) on the JDK's HTTP server: GET on the path
 * runs the {@code @On.Probe} handlers (reusing their results for the cache time, 10 s by default, as Kopf) and answers
 * 200 with {@code {probe id: result}} as JSON, or 500 with the failure when a probe fails (failures are not cached).
 * Beyond Kopf: the key {@value #WATCHES} lists each watch's last event age and counters. Beside it, {@code /metrics}
 * answers in the Prometheus text format: handler runs and failures per handler id, watch listings, watch requests
 * (reconnects) and delivered events per watch, and the queue depth. Kopf: {@code kopf/_core/engines/probing.py}.
 * Not API.
 */
final class LivenessServer implements AutoCloseable {
    static final Duration DEFAULT_CACHE = Duration.ofSeconds(10);
    static final String WATCHES = "kopf4j.watches";
    private static final Logger LOG = LoggerFactory.getLogger(LivenessServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where to serve: host, port (0: any free one) and path. */
    record Endpoint(String host, int port, String path) {
        static Endpoint parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("Not a liveness URL: " + url + " (" + e.getReason() + ")");
            }
            if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("Not a liveness URL: " + url + " (give http://host:port/path)");
            }
            String host = uri.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
            return new Endpoint(host, uri.getPort() == -1 ? 80 : uri.getPort(), path);
        }
    }

    /** The probes, which may throw {@link ActivityError}. */
    @FunctionalInterface
    interface Probes {
        Map<String, Object> run() throws InterruptedException;
    }

    /** What the watches and queues look like now. */
    record Status(List<Reflector> reflectors, int queuedObjects, HandlerMetrics handlers) {
    }

    @FunctionalInterface
    interface StatusSource {
        Status status();
    }

    private final Endpoint endpoint;
    private final Duration cache;
    private final Probes probes;
    private final StatusSource status;
    private HttpServer server;
    private ExecutorService executor;
    private Map<String, Object> cached;
    private long cachedAt;

    LivenessServer(Endpoint endpoint, Duration cache, Probes probes, StatusSource status) {
        this.endpoint = endpoint;
        this.cache = cache;
        this.probes = probes;
        this.status = status;
    }

    LivenessServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(endpoint.host(), endpoint.port()), 0);
        server.createContext(endpoint.path(), this::health);
        if (!endpoint.path().equals("/metrics")) {
            server.createContext("/metrics", this::metrics);
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "kopf4j-liveness");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        LOG.info("Serving the liveness probe at {}", url());
        return this;
    }

    /** The URL with the port actually bound. */
    URI url() {
        String host = endpoint.host().contains(":") ? "[" + endpoint.host() + "]" : endpoint.host();
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + endpoint.path());
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestURI().getPath().equals(endpoint.path())) {
                send(exchange, 404, "text/plain", "Not found\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                send(exchange, 405, "text/plain", "Only GET\n");
                return;
            }
            Map<String, Object> results;
            try {
                results = results();
            } catch (ActivityError e) {
                ObjectNode error = JSON.createObjectNode().put("error", e.getMessage());
                send(exchange, 500, "application/json", error.toString());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                send(exchange, 500, "text/plain", "Interrupted\n");
                return;
            } catch (RuntimeException e) {
                LOG.error("The liveness probes failed unexpectedly", e);
                send(exchange, 500, "application/json",
                        JSON.createObjectNode().put("error", String.valueOf(e)).toString());
                return;
            }
            ObjectNode body = JSON.valueToTree(results);
            ObjectNode watches = body.putObject(WATCHES);
            for (Reflector r : status.status().reflectors()) {
                watches.putObject(r.kind().key() + "@" + (r.namespace() == null ? "*" : r.namespace()))
                        .put("lastEventAgeSeconds", r.lastEventAge().toMillis() / 1000.0)
                        .put("listings", r.listings())
                        .put("watchRequests", r.watchRequests())
                        .put("deliveredEvents", r.deliveredEvents());
            }
            send(exchange, 200, "application/json", body.toString());
        }
    }

    /** The cached results, or fresh ones when they are older than the cache time; failures are not cached. */
    private synchronized Map<String, Object> results() throws InterruptedException {
        long now = System.nanoTime();
        if (cached == null || now - cachedAt >= cache.toNanos()) {
            Map<String, Object> fresh = probes.run();
            cached = new java.util.LinkedHashMap<>(fresh);
            cachedAt = System.nanoTime();
        }
        return cached;
    }

    private void metrics(HttpExchange exchange) throws IOException {
        try (exchange) {
            Status s = status.status();
            StringBuilder out = new StringBuilder();
            Map<String, HandlerMetrics.Counts> counts = s.handlers().snapshot();
            out.append("# HELP kopf4j_handler_runs_total Handler invocations, by handler id.\n");
            out.append("# TYPE kopf4j_handler_runs_total counter\n");
            counts.forEach((id, c) -> out.append("kopf4j_handler_runs_total{handler=\"").append(escape(id))
                    .append("\"} ").append(c.runs()).append('\n'));
            out.append("# HELP kopf4j_handler_failures_total Handler invocations that failed, by handler id.\n");
            out.append("# TYPE kopf4j_handler_failures_total counter\n");
            counts.forEach((id, c) -> out.append("kopf4j_handler_failures_total{handler=\"").append(escape(id))
                    .append("\"} ").append(c.failures()).append('\n'));
            out.append("# HELP kopf4j_watch_listings_total Completed listings, by watch.\n");
            out.append("# TYPE kopf4j_watch_listings_total counter\n");
            for (Reflector r : s.reflectors()) {
                out.append("kopf4j_watch_listings_total").append(labels(r)).append(' ').append(r.listings())
                        .append('\n');
            }
            out.append("# HELP kopf4j_watch_requests_total Watch requests (the first and every reconnect), by "
                    + "watch.\n");
            out.append("# TYPE kopf4j_watch_requests_total counter\n");
            for (Reflector r : s.reflectors()) {
                out.append("kopf4j_watch_requests_total").append(labels(r)).append(' ').append(r.watchRequests())
                        .append('\n');
            }
            out.append("# HELP kopf4j_watch_events_total Delivered watch events, by watch.\n");
            out.append("# TYPE kopf4j_watch_events_total counter\n");
            for (Reflector r : s.reflectors()) {
                out.append("kopf4j_watch_events_total").append(labels(r)).append(' ').append(r.deliveredEvents())
                        .append('\n');
            }
            out.append("# HELP kopf4j_watch_last_event_age_seconds Time since the last sign of life, by watch.\n");
            out.append("# TYPE kopf4j_watch_last_event_age_seconds gauge\n");
            for (Reflector r : s.reflectors()) {
                out.append("kopf4j_watch_last_event_age_seconds").append(labels(r)).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", r.lastEventAge().toMillis() / 1000.0))
                        .append('\n');
            }
            out.append("# HELP kopf4j_queued_objects Objects with events waiting to be handled.\n");
            out.append("# TYPE kopf4j_queued_objects gauge\n");
            out.append("kopf4j_queued_objects ").append(s.queuedObjects()).append('\n');
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", out.toString());
        }
    }

    private static String labels(Reflector r) {
        return "{resource=\"" + escape(r.kind().key()) + "\",namespace=\""
                + escape(r.namespace() == null ? "" : r.namespace()) + "\"}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void send(HttpExchange exchange, int code, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
