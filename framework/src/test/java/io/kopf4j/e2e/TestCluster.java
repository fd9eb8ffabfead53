package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.embedded.EmbeddedApiServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster side of the operator end-to-end tests: an embedded API server with the KopfExample CRD, and raw HTTP
 * calls to create, change and read objects, so that every effect of an operator is checked on the server.
 */
final class TestCluster implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String GROUP = "kopf.dev";
    static final String PLURAL = "kopfexamples";
    static final String FINALIZER = "kopf.zalando.org/KopfFinalizerMarker";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final EmbeddedApiServer server;
    private final String url;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile String token;

    TestCluster() {
        this(EmbeddedApiServer.builder().build().start());
    }

    TestCluster(EmbeddedApiServer server) {
        this(server, server.url(), server.token());
    }

    private TestCluster(EmbeddedApiServer server, String url, String token) {
        this.server = server;
        this.url = url;
        this.token = token;
        send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"kopfexamples.kopf.dev"},
                 "spec":{"group":"kopf.dev","scope":"Namespaced",
                  "names":{"plural":"kopfexamples","singular":"kopfexample","kind":"KopfExample",
                           "shortNames":["kex"]},
                  "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                   "schema":{"openAPIV3Schema":{"type":"object","properties":{
                     "spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true},
                     "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}"""), 201);
    }

    /** A cluster served elsewhere (e.g. by an operator process's {@code --embedded} server), given by its URL. */
    static TestCluster at(String url) {
        return new TestCluster(null, url, null);
    }

    /** The bearer token the test's own requests carry from now on (after the server's token was rotated). */
    void token(String token) {
        this.token = token;
    }

    /** Creates a namespace. */
    void namespace(String name) {
        send("POST", "/api/v1/namespaces", json("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                + "\"metadata\":{\"name\":\"" + name + "\"}}"), 201);
    }

    /** Creates a namespaced CRD with one served version {@code v1} and a status subresource. */
    void crd(String group, String plural, String singular, String kind, String... shortNames) {
        StringBuilder shorts = new StringBuilder();
        for (String s : shortNames) {
            shorts.append(shorts.length() == 0 ? "" : ",").append('"').append(s).append('"');
        }
        send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", json("{\"apiVersion\":"
                + "\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\""
                + plural + "." + group + "\"},\"spec\":{\"group\":\"" + group + "\",\"scope\":\"Namespaced\","
                + "\"names\":{\"plural\":\"" + plural + "\",\"singular\":\"" + singular + "\",\"kind\":\"" + kind
                + "\",\"shortNames\":[" + shorts + "]},\"versions\":[{\"name\":\"v1\",\"served\":true,"
                + "\"storage\":true,\"subresources\":{\"status\":{}},\"schema\":{\"openAPIV3Schema\":{"
                + "\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}]}}"), 201);
    }

    /** Creates a ConfigMap in the namespace, with labels (JSON text) and data (JSON text). */
    JsonNode configMap(String namespace, String name, String labelsJson, String dataJson) {
        return send("POST", "/api/v1/namespaces/" + namespace + "/configmaps", json("{\"apiVersion\":\"v1\","
                + "\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labelsJson
                + "},\"data\":" + dataJson + "}"), 201);
    }

    /** The Events in the namespace. */
    java.util.List<JsonNode> events(String namespace) {
        java.util.List<JsonNode> out = new java.util.ArrayList<>();
        list("/api/v1/namespaces/" + namespace + "/events").path("items").forEach(out::add);
        return out;
    }

    /** The Events in the namespace about the named object. */
    java.util.List<JsonNode> eventsAbout(String namespace, String name) {
        return events(namespace).stream().filter(e -> e.path("involvedObject").path("name").asText().equals(name))
                .toList();
    }

    JsonNode get(String namespace, String name) {
        return send("GET", path(namespace, name), null, 200);
    }

    static String unique(String prefix) {
        return prefix + "-" + COUNTER.incrementAndGet();
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String path(String namespace, String name) {
        return "/apis/kopf.dev/v1/namespaces/" + namespace + "/kopfexamples" + (name == null ? "" : "/" + name);
    }

    /** Creates a KopfExample in {@code default} with the given spec (JSON text). */
    JsonNode create(String name, String specJson) {
        return create("default", name, specJson, "{}");
    }

    JsonNode create(String namespace, String name, String specJson, String labelsJson) {
        return send("POST", path(namespace, null), json("{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labelsJson + "},\"spec\":" + specJson
                + "}"), 201);
    }

    /** Creates a KopfExample in {@code default} with spec, labels and annotations (JSON texts). */
    JsonNode createAnnotated(String name, String specJson, String labelsJson, String annotationsJson) {
        return send("POST", path("default", null), json("{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\","
                + "\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labelsJson + ",\"annotations\":"
                + annotationsJson + "},\"spec\":" + specJson + "}"), 201);
    }

    JsonNode get(String name) {
        return send("GET", path("default", name), null, 200);
    }

    /** The object, or null when it is gone. */
    JsonNode find(String name) {
        HttpResponse<String> r = raw("GET", path("default", name), null, "application/json");
        return r.statusCode() == 404 ? null : parse(r);
    }

    JsonNode mergePatch(String name, String patchJson) {
        return send("PATCH", path("default", name), json(patchJson), 200, "application/merge-patch+json");
    }

    JsonNode delete(String name) {
        return send("DELETE", path("default", name), null, 200);
    }

    JsonNode list(String apiPath) {
        return send("GET", apiPath, null, 200);
    }

    JsonNode send(String method, String path, JsonNode body, int expected) {
        return send(method, path, body, expected, "application/json");
    }

    JsonNode send(String method, String path, JsonNode body, int expected, String contentType) {
        HttpResponse<String> r = raw(method, path, body, contentType);
        if (r.statusCode() != expected) {
            fail(method + " " + path + " answered " + r.statusCode() + " (expected " + expected + "): " + r.body());
        }
        return parse(r);
    }

    private static JsonNode parse(HttpResponse<String> r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> raw(String method, String path, JsonNode body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        String bearer = token;
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the check passes (it throws AssertionError until then), for at most {@code timeout}. */
    static void eventually(Duration timeout, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AssertionError last;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw last;
            }
        }
    }

    /** Waits until the object's cause is fully handled: its diff base (last-handled-configuration) is stored. */
    void awaitHandled(String name) {
        eventually(() -> assertTrue(get(name).path("metadata").path("annotations")
                .has("kopf.zalando.org/last-handled-configuration"), name + " is handled"));
    }

    /** The object's finalizers, in order (empty when it has none). */
    static List<String> finalizers(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.path("metadata").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }

    /** Sleeps, for tests that check that something does not happen for a while. */
    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void eventually(Runnable check) {
        eventually(Duration.ofSeconds(10), check);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
