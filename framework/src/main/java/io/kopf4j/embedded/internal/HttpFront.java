package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The HTTP side of the server: authentication, fault injection, routing of discovery, OpenAPI and resource paths,
 * content negotiation (JSON or Table), response framing, and watch streams. Not API.
 */
public final class HttpFront implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);
    private static final String JSON = "application/json";

    static {
        // Up to JDK 22, com.sun.net.httpserver flushes the response headers on their own before the body is written
        // (JDK-6968351, fixed in JDK 23). With Nagle's algorithm on, the body then waits for the client's delayed ACK
        // of the headers: about 40 ms per response on a kept-alive connection on Linux. TCP_NODELAY avoids that wait.
        // The property is read once, when the JDK creates its first HttpServer; an explicit setting is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Server-wide options. */
    public record Options(String token, Duration bookmarkInterval) {
        /** Without the token's value, should the options ever be logged. */
        @Override
        public String toString() {
            return "Options[token=" + (token == null ? "none" : "***") + ", bookmarkInterval=" + bookmarkInterval + "]";
        }
    }

    private final Catalog catalog;
    private final Resources resources;
    private final Store store;
    private final FaultRules faults;
    private final Clock clock;
    private final Discovery discovery;
    private final Options options;
    private volatile String serverAddress = "127.0.0.1:6443";
    private volatile String token;

    public HttpFront(Catalog catalog, Resources resources, FaultRules faults, Clock clock, Options options) {
        this.catalog = catalog;
        this.resources = resources;
        this.store = resources.store();
        this.faults = faults;
        this.clock = clock;
        this.options = options;
        this.token = options.token();
        this.discovery = new Discovery(catalog);
    }

    /** From now on, requests must carry {@code Authorization: Bearer <token>}; null: no token is needed. */
    public void token(String token) {
        this.token = token;
    }

    public void serverAddress(String hostPort) {
        this.serverAddress = hostPort;
    }

    /** One parsed request. */
    private static final class Call {
        final HttpExchange ex;
        final String method;
        final String path;
        final Map<String, String> query;
        final boolean pretty;

        Call(HttpExchange ex) {
            this.ex = ex;
            this.method = ex.getRequestMethod().toUpperCase();
            this.path = ex.getRequestURI().getRawPath();
            this.query = parseQuery(ex.getRequestURI().getRawQuery());
            String ua = Optional.ofNullable(ex.getRequestHeaders().getFirst("User-Agent")).orElse("");
            this.pretty = truthy(query.get("pretty"))
                    || ua.startsWith("curl") || ua.startsWith("Wget") || ua.startsWith("Mozilla/5.0");
        }

        String q(String name) {
            return query.get(name);
        }

        boolean flag(String name) {
            return truthy(query.get(name));
        }

        byte[] body() throws IOException {
            try (InputStream in = ex.getRequestBody()) {
                return in.readAllBytes();
            }
        }

        String accept() {
            return Optional.ofNullable(ex.getRequestHeaders().getFirst("Accept")).orElse("");
        }

        boolean wantsTable() {
            return accept().contains("as=Table");
        }
    }

    private static boolean truthy(String v) {
        return v != null && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Call call = null;
        try {
            call = new Call(ex);
            for (FaultRules.Action a : faults.match(call.method, call.path)) {
                if (a.delay() != null) {
                    Thread.sleep(a.delay().toMillis());
                }
                if (a.status() > 0) {
                    if (a.body() != null) {
                        drain(ex);
                        send(ex, a.status(), a.contentType() == null ? "text/plain; charset=utf-8" : a.contentType(),
                                a.body().getBytes(StandardCharsets.UTF_8), List.of());
                    } else {
                        throw ApiError.injected(a.status());
                    }
                    return;
                }
            }
            String required = token;
            if (required != null && !("Bearer " + required)
                    .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                throw ApiError.unauthorized();
            }
            route(call);
        } catch (ApiError e) {
            sendError(ex, call, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sendError(ex, call, ApiError.internal("interrupted"));
        } catch (IOException e) {
            LOG.debug("connection closed while answering {}: {}", ex.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("internal error answering {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            sendError(ex, call, ApiError.internal(e.toString()));
        } finally {
            ex.close();
        }
    }

    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.readAllBytes();
        } catch (IOException ignored) {
            // The client is gone; nothing to answer.
        }
    }

    // ------------------------------------------------------------------ routing

    private void route(Call c) throws IOException, InterruptedException {
        List<String> seg = new ArrayList<>();
        for (String s : c.path.split("/")) {
            if (!s.isEmpty()) {
                seg.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        if (seg.isEmpty()) {
            ObjectNode root = Json.object();
            ArrayNode paths = root.putArray("paths");
            for (String p : List.of("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v2", "/openapi/v3",
                    "/readyz", "/version")) {
                paths.add(p);
            }
            json(c, 200, root);
            return;
        }
        String head = seg.get(0);
        switch (head) {
            case "version":
                if (seg.size() == 1) {
                    sendJson(c, 200, Json.bytes(Discovery.version(), true), List.of());
                    return;
                }
                break;
            case "healthz":
            case "livez":
            case "readyz":
                send(c.ex, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8), List.of());
                return;
            case "openapi":
                openapi(c, seg);
                return;
            case "api":
                if (seg.size() == 1) {
                    json(c, 200, discovery.apiVersions(serverAddress));
                    return;
                }
                if (!seg.get(1).equals("v1")) {
                    break;
                }
                if (seg.size() == 2) {
                    json(c, 200, discovery.resourceList("", "v1"));
                    return;
                }
                resource(c, "", "v1", seg.subList(2, seg.size()));
                return;
            case "apis":
                apis(c, seg);
                return;
            default:
                break;
        }
        throw ApiError.pageNotFound();
    }

    private void apis(Call c, List<String> seg) throws IOException, InterruptedException {
        if (seg.size() == 1) {
            json(c, 200, discovery.groupList());
            return;
        }
        String group = seg.get(1);
        if (seg.size() == 2) {
            ObjectNode g = discovery.group(group);
            if (g == null) {
                throw ApiError.pageNotFound();
            }
            json(c, 200, g);
            return;
        }
        String version = seg.get(2);
        boolean local = catalog.servesLocally(group, version);
        if (!local) {
            Optional<Catalog.Aggregated> agg = catalog.aggregated(group, version);
            if (agg.isPresent() && !agg.get().available()) {
                throw ApiError.serviceUnavailable();
            }
            throw ApiError.pageNotFound();
        }
        if (seg.size() == 3) {
            json(c, 200, discovery.resourceList(group, version));
            return;
        }
        resource(c, group, version, seg.subList(3, seg.size()));
    }

    private void openapi(Call c, List<String> seg) {
        List<ResourceType> types = catalog.all();
        if (seg.size() == 2 && seg.get(1).equals("v2")) {
            if (c.accept().contains("protobuf")) {
                // kubectl 1.27/1.28 read /openapi/v2 only as protobuf.
                try {
                    send(c.ex, 200, OpenApi.V2_PROTOBUF_CONTENT_TYPE, OpenApi.v2Protobuf(types), List.of());
                } catch (IOException e) {
                    LOG.debug("client went away: {}", e.toString());
                }
                return;
            }
            json(c, 200, OpenApi.v2Document(types));
            return;
        }
        if (seg.size() == 2 && seg.get(1).equals("v3")) {
            json(c, 200, OpenApi.v3Index(types));
            return;
        }
        if (seg.size() > 2 && seg.get(1).equals("v3")) {
            ObjectNode doc = OpenApi.v3Document(String.join("/", seg.subList(2, seg.size())), types);
            if (doc == null) {
                throw ApiError.pageNotFound();
            }
            json(c, 200, doc);
            return;
        }
        throw ApiError.pageNotFound();
    }

    // ------------------------------------------------------------------ resources

    private void resource(Call c, String group, String version, List<String> rest)
            throws IOException, InterruptedException {
        boolean watch = c.flag("watch");
        if (!rest.isEmpty() && rest.get(0).equals("watch")) {
            watch = true;
            rest = rest.subList(1, rest.size());
        }
        if (rest.isEmpty()) {
            throw notFoundIn(group);
        }
        String ns = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            Optional<ResourceType> inner = catalog.find(group, version, rest.get(2));
            if (inner.isPresent() && inner.get().namespaced()) {
                ns = rest.get(1);
                rest = rest.subList(2, rest.size());
            }
        }
        if (rest.size() > 3) {
            throw notFoundIn(group);
        }
        Optional<ResourceType> found = catalog.find(group, version, rest.get(0));
        if (found.isEmpty()) {
            throw notFoundIn(group);
        }
        ResourceType t = found.get();
        if (ns != null && !t.namespaced()) {
            throw notFoundIn(group);
        }
        String name = rest.size() > 1 ? rest.get(1) : null;
        String sub = rest.size() > 2 ? rest.get(2) : null;
        if (sub != null && !(sub.equals("status") && t.statusSubresource())) {
            if (!t.builtIn() && sub.equals("status")) {
                throw ApiError.notFound(t, name);
            }
            throw ApiError.unknownResource();
        }
        boolean status = sub != null;
        Resources.WriteOptions wopts = new Resources.WriteOptions(c.q("dryRun") != null && !c.q("dryRun").isEmpty(),
                c.q("fieldValidation"), Optional.ofNullable(c.q("fieldManager")).orElse(""), user(c));
        if (name == null) {
            collection(c, t, ns, watch, wopts);
            return;
        }
        switch (c.method) {
            case "GET": {
                ObjectNode obj = resources.get(t, ns, name);
                if (c.wantsTable()) {
                    json(c, 200, Tables.tableRow(t, obj, c.q("includeObject"), true, clock.instant()));
                } else {
                    json(c, 200, obj);
                }
                return;
            }
            case "PUT":
                result(c, resources.replace(t, ns, name, body(c, t), status, wopts));
                return;
            case "PATCH":
                result(c, resources.patch(t, ns, name, c.ex.getRequestHeaders().getFirst("Content-Type"), c.body(),
                        status, wopts, c.flag("force")));
                return;
            case "DELETE": {
                if (status) {
                    throw ApiError.methodNotAllowed();
                }
                byte[] body = c.body();
                JsonNode opts = body.length == 0 ? null : Json.parse(body, "DeleteOptions");
                if (c.q("propagationPolicy") != null) {
                    ObjectNode o = opts instanceof ObjectNode ? (ObjectNode) opts : Json.object();
                    o.put("propagationPolicy", c.q("propagationPolicy"));
                    opts = o;
                }
                result(c, resources.delete(t, ns, name, opts, wopts));
                return;
            }
            default:
                throw ApiError.methodNotAllowed();
        }
    }

    /**
     * Who the request is from, for admission webhooks: a request carrying a bearer token (checked above when the
     * server has one) is the admin, one without is anonymous.
     */
    private static Admission.User user(Call c) {
        String auth = c.ex.getRequestHeaders().getFirst("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? Admission.User.ADMIN
                : Admission.User.ANONYMOUS;
    }

    /** The request body as JSON: JSON as it is, protobuf decoded for the kinds kubectl's generators post. */
    private static JsonNode body(Call c, ResourceType t) throws IOException {
        String type = Optional.ofNullable(c.ex.getRequestHeaders().getFirst("Content-Type")).orElse("")
                .split(";")[0].trim().toLowerCase();
        if (Protobuf.isProtobuf(type)) {
            return Protobuf.decode(c.body(), t);
        }
        if (!type.isEmpty() && !type.equals(JSON) && !type.equals("*/*")) {
            throw Protobuf.unsupported();
        }
        return Json.parse(c.body(), t.kind());
    }

    private ApiError notFoundIn(String group) {
        boolean builtinGroup = catalog.all().stream().anyMatch(t -> t.builtIn() && t.group().equals(group));
        return builtinGroup ? ApiError.unknownResource() : ApiError.pageNotFound();
    }

    private Resources.ListOptions listOptions(Call c) {
        long limit = 0;
        if (c.q("limit") != null && !c.q("limit").isEmpty()) {
            try {
                limit = Long.parseLong(c.q("limit"));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid limit: " + c.q("limit"));
            }
        }
        String rv = c.q("resourceVersion");
        if (rv != null && !rv.isEmpty()) {
            try {
                Long.parseLong(rv);
            } catch (NumberFormatException e) {
                throw ApiError.status(400, "BadRequest", "Invalid value: \"" + rv + "\": invalid resource version",
                        null);
            }
        }
        return new Resources.ListOptions(c.q("labelSelector"), c.q("fieldSelector"), limit, c.q("continue"), rv);
    }

    private void collection(Call c, ResourceType t, String ns, boolean watch, Resources.WriteOptions wopts)
            throws IOException, InterruptedException {
        switch (c.method) {
            case "GET": {
                Resources.ListOptions lo = listOptions(c);
                if (watch) {
                    watch(c, t, ns, lo);
                    return;
                }
                if (c.flag("sendInitialEvents")) {
                    throw ApiError.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                            List.of(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for "
                                    + "list")));
                }
                ObjectNode list = resources.list(t, ns, lo);
                if (c.wantsTable()) {
                    List<JsonNode> items = new ArrayList<>();
                    list.get("items").forEach(items::add);
                    json(c, 200, Tables.table(t, items, c.q("includeObject"), list.get("metadata"), clock.instant()));
                } else {
                    json(c, 200, list);
                }
                return;
            }
            case "POST": {
                if (t.namespaced() && ns == null) {
                    throw ApiError.unknownResource();
                }
                result(c, resources.create(t, ns, body(c, t), wopts));
                return;
            }
            case "DELETE": {
                byte[] body = c.body();
                JsonNode opts = body.length == 0 ? null : Json.parse(body, "DeleteOptions");
                json(c, 200, resources.deleteCollection(t, ns, listOptions(c), opts, wopts));
                return;
            }
            default:
                throw ApiError.methodNotAllowed();
        }
    }

    // ------------------------------------------------------------------ watch

    private void watch(Call c, ResourceType t, String ns, Resources.ListOptions lo)
            throws IOException, InterruptedException {
        if (c.flag("sendInitialEvents")) {
            throw ApiError.invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                    List.of(FieldError.forbidden("sendInitialEvents", "sendInitialEvents is forbidden for watch "
                            + "unless the WatchList feature gate is enabled")));
        }
        Predicate<ObjectNode> filter = resources.filter(t, lo.labelSelector(), lo.fieldSelector());
        String rv = lo.resourceVersion();
        boolean initial = rv == null || rv.isEmpty() || rv.equals("0");
        long timeoutSeconds;
        if (c.q("timeoutSeconds") != null && !c.q("timeoutSeconds").isEmpty()) {
            try {
                timeoutSeconds = Long.parseLong(c.q("timeoutSeconds"));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("invalid timeoutSeconds: " + c.q("timeoutSeconds"));
            }
        } else {
            timeoutSeconds = 1800 + ThreadLocalRandom.current().nextLong(1800);
        }
        boolean bookmarks = c.flag("allowWatchBookmarks");
        boolean table = c.wantsTable();
        Headers h = c.ex.getResponseHeaders();
        h.set("Content-Type", JSON);
        h.set("Cache-Control", "no-cache, private");
        h.set("Audit-Id", UUID.randomUUID().toString());
        Watch w;
        try {
            w = store.watch(t.storageKey(), t.namespaced() ? ns : null, filter,
                    initial ? -1 : Long.parseLong(rv), initial);
        } catch (ApiError e) {
            // An expired resourceVersion is an ERROR event in a 200 stream, as the real server sends it.
            c.ex.sendResponseHeaders(200, 0);
            OutputStream out = c.ex.getResponseBody();
            ObjectNode ev = Json.object();
            ev.put("type", "ERROR");
            ev.set("object", e.toStatus());
            out.write(Json.bytes(ev, false));
            out.flush();
            return;
        }
        c.ex.sendResponseHeaders(200, 0);
        OutputStream out = c.ex.getResponseBody();
        out.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        long bookmarkEvery = options.bookmarkInterval().toNanos();
        long nextBookmark = System.nanoTime() + bookmarkEvery;
        boolean headers = true;
        try {
            while (!w.isClosed()) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                long wait = Math.min(deadline - now, bookmarks ? Math.max(0, nextBookmark - now) : deadline - now);
                Watch.Event e = w.poll(Math.max(1, wait / 1_000_000));
                if (e != null) {
                    if (table) {
                        ObjectNode ev = Json.object();
                        ev.put("type", e.type());
                        ev.set("object", Tables.tableRow(t, resources.present(t, e.object()), c.q("includeObject"),
                                headers, clock.instant()));
                        headers = false;
                        out.write(Json.bytes(ev, false));
                    } else {
                        out.write(e.line(t.apiVersion(), () -> {
                            ObjectNode ev = Json.object();
                            ev.put("type", e.type());
                            ev.set("object", resources.present(t, e.object()));
                            return Json.bytes(ev, false);
                        }));
                    }
                    if (w.backlog() == 0) {
                        out.flush();
                    }
                    continue;
                }
                if (bookmarks && System.nanoTime() >= nextBookmark) {
                    long brv = store.bookmarkRevision(w);
                    if (brv >= 0) {
                        out.write(Json.bytes(bookmark(t, brv), false));
                        out.flush();
                        nextBookmark = System.nanoTime() + bookmarkEvery;
                    }
                }
            }
            out.flush();
        } finally {
            w.close();
        }
    }

    private static ObjectNode bookmark(ResourceType t, long rv) {
        ObjectNode ev = Json.object();
        ev.put("type", "BOOKMARK");
        ObjectNode obj = ev.putObject("object");
        obj.put("kind", t.kind());
        obj.put("apiVersion", t.apiVersion());
        ObjectNode meta = obj.putObject("metadata");
        meta.put("resourceVersion", Long.toString(rv));
        if (t.builtIn()) {
            meta.putNull("creationTimestamp");
        }
        return ev;
    }

    // ------------------------------------------------------------------ responses

    private void result(Call c, Resources.Result r) throws IOException {
        sendJson(c, r.code(), Json.bytes(r.body(), c.pretty), warningHeaders(r.warnings()));
    }

    /** {@code Warning} header values as the real server writes them: {@code 299 - "text"}, each text once. */
    private static List<String> warningHeaders(List<String> texts) {
        List<String> headers = new ArrayList<>();
        for (String w : texts) {
            String h = "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            if (!headers.contains(h)) {
                headers.add(h);
            }
        }
        return headers;
    }

    private void json(Call c, int code, ObjectNode body) {
        try {
            sendJson(c, code, Json.bytes(body, c.pretty), List.of());
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        }
    }

    private void sendJson(Call c, int code, byte[] body, List<String> warnings) throws IOException {
        String accept = c.accept();
        if (!accept.isEmpty() && !accept.contains("json") && !accept.contains("*/*")) {
            throw ApiError.notAcceptable();
        }
        send(c.ex, code, JSON, body, warnings);
    }

    private static void send(HttpExchange ex, int code, String type, byte[] body, List<String> warnings)
            throws IOException {
        Headers h = ex.getResponseHeaders();
        h.set("Content-Type", type);
        h.set("Cache-Control", "no-cache, private");
        h.set("Audit-Id", UUID.randomUUID().toString());
        for (String w : warnings) {
            h.add("Warning", w);
        }
        if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
            ex.sendResponseHeaders(code, -1);
            return;
        }
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void sendError(HttpExchange ex, Call c, ApiError e) {
        try {
            if (e.plainText()) {
                ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
                send(ex, e.code(), "text/plain; charset=utf-8",
                        (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8), List.of());
                return;
            }
            if (e.retryAfterSeconds() > 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(e.retryAfterSeconds()));
            }
            drain(ex);
            send(ex, e.code(), JSON, Json.bytes(e.toStatus(), c != null && c.pretty), warningHeaders(e.warnings()));
        } catch (IOException io) {
            LOG.debug("client went away before the error was sent: {}", io.toString());
        }
    }

    static String sha(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return String.format("%064x", new java.math.BigInteger(1, Arrays.copyOf(d, d.length)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
