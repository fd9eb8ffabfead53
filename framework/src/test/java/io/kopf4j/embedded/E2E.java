package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Raw-HTTP helpers for the end-to-end tests: exact status codes, headers, bodies and watch lines. */
final class E2E {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String JSON = "application/json";
    static final String MERGE = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";
    static final String SMP = "application/strategic-merge-patch+json";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String base;
    private final HttpClient http;
    private final String token;

    E2E(EmbeddedApiServer server) {
        this(server.url(), HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build(), null);
    }

    E2E(String base, HttpClient http, String token) {
        this.base = base;
        this.http = http;
        this.token = token;
    }

    /** A fresh, unique DNS-label name with a prefix. */
    static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One response, with its body as text and (when JSON) as a tree. */
    record Resp(int code, String contentType, HttpResponse<String> raw) {
        String body() {
            return raw.body();
        }

        JsonNode json() {
            try {
                return MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + code + "): " + raw.body(), e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        List<String> headers(String name) {
            return raw.headers().allValues(name);
        }

        String rv() {
            return json().path("metadata").path("resourceVersion").asText();
        }

        /** Asserts the code, showing the body when it differs. */
        Resp expect(int expected) {
            assertEquals(expected, code, () -> "unexpected status; body: " + raw.body());
            return this;
        }
    }

    Resp send(String method, String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType);
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Resp(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Resp get(String path) {
        return send("GET", path, null, null);
    }

    Resp post(String path, Object body) {
        return send("POST", path, JSON, text(body));
    }

    Resp put(String path, Object body) {
        return send("PUT", path, JSON, text(body));
    }

    Resp patch(String path, String type, Object body) {
        return send("PATCH", path, type, text(body));
    }

    Resp delete(String path) {
        return send("DELETE", path, null, null);
    }

    Resp delete(String path, Object options) {
        return send("DELETE", path, JSON, text(options));
    }

    static String text(Object body) {
        if (body instanceof String) {
            return (String) body;
        }
        try {
            return MAPPER.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON text written with single quotes for readability. */
    static ObjectNode obj(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Resp createNamespace(String name) {
        return post("/api/v1/namespaces", obj("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + name
                + "'}}")).expect(201);
    }

    /** A new namespace with a unique name. */
    String namespace() {
        String ns = unique("ns");
        createNamespace(ns);
        return ns;
    }

    static ObjectNode configMap(String name, String key, String value) {
        return obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'" + name + "'},'data':{'" + key
                + "':'" + value + "'}}");
    }

    /**
     * A namespaced CRD {@code <plural>.<group>} with kind {@code kind}, version v1, an open spec and (optionally) the
     * status subresource; returns once it is Established.
     */
    void createCrd(String group, String plural, String kind, boolean status) {
        ObjectNode crd = crd(group, plural, kind, status);
        post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd).expect(201);
        awaitEstablished(plural + "." + group);
    }

    static ObjectNode crd(String group, String plural, String kind, boolean status) {
        String singular = kind.toLowerCase();
        return obj("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                + "'metadata':{'name':'" + plural + "." + group + "'},"
                + "'spec':{'group':'" + group + "','scope':'Namespaced',"
                + "'names':{'plural':'" + plural + "','singular':'" + singular + "','kind':'" + kind + "'},"
                + "'versions':[{'name':'v1','served':true,'storage':true,"
                + (status ? "'subresources':{'status':{}}," : "")
                + "'schema':{'openAPIV3Schema':{'type':'object','properties':{"
                + "'spec':{'type':'object','x-kubernetes-preserve-unknown-fields':true},"
                + "'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}}]}}");
    }

    void awaitEstablished(String crdName) {
        awaitTrue("CRD " + crdName + " Established", () -> {
            Resp r = get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/" + crdName);
            if (r.code() != 200) {
                return false;
            }
            for (JsonNode c : r.json().path("status").path("conditions")) {
                if (c.path("type").asText().equals("Established") && c.path("status").asText().equals("True")) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Polls until the condition holds, failing after 10 seconds. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Opens a watch; the caller closes it. */
    WatchStream watch(String pathAndQuery) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> r = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            return new WatchStream(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A watch response read line by line on a thread of its own. */
    static final class WatchStream implements AutoCloseable {
        private static final String END = "\u0000end";
        final HttpResponse<InputStream> response;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Thread reader;
        private volatile boolean ended;

        WatchStream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // Closed by the test or the server.
                } finally {
                    ended = true;
                    lines.add(END);
                }
            }, "e2e-watch-reader");
            reader.setDaemon(true);
            reader.start();
        }

        int code() {
            return response.statusCode();
        }

        /** The next event within the timeout, or null if none came (or the stream ended). */
        JsonNode next(Duration timeout) {
            try {
                String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (line == null || line.equals(END)) {
                    if (line != null) {
                        lines.add(END);
                    }
                    return null;
                }
                seen.add(line);
                return MAPPER.readTree(line);
            } catch (IOException e) {
                throw new AssertionError("a watch line is not one JSON object", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** The next event, failing if none comes within 5 seconds. */
        JsonNode next() {
            JsonNode e = next(Duration.ofSeconds(5));
            if (e == null) {
                fail("no watch event within 5 s (ended: " + ended + ")");
            }
            return e;
        }

        /** The next event that is not a BOOKMARK. */
        JsonNode nextChange() {
            while (true) {
                JsonNode e = next();
                if (!e.path("type").asText().equals("BOOKMARK")) {
                    return e;
                }
            }
        }

        /** Waits up to the timeout for the server to end the stream. */
        boolean awaitEnd(Duration timeout) {
            try {
                reader.join(timeout.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ended;
        }

        boolean ended() {
            return ended;
        }

        List<String> rawLines() {
            return seen;
        }

        @Override
        public void close() {
            try {
                response.body().close();
            } catch (IOException ignored) {
                // Already closed.
            }
        }
    }
}
