package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kopf4j.embedded.internal.SelfSignedCertificate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An admission webhook server written for the tests: JDK HttpServer (plain HTTP) or HttpsServer with a
 * self-signed certificate. Each path answers with what the test registered for it, and every AdmissionReview it
 * receives is kept for the test to inspect.
 */
final class FakeWebhook implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-webhook");
        t.setDaemon(true);
        return t;
    });
    private final SelfSignedCertificate certificate;
    private final Map<String, Function<JsonNode, ObjectNode>> bodies = new ConcurrentHashMap<>();
    private final Map<String, BlockingQueue<JsonNode>> received = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);

    private FakeWebhook(SelfSignedCertificate certificate) {
        this.certificate = certificate;
        try {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", 0);
            if (certificate == null) {
                server = HttpServer.create(addr, 64);
            } else {
                HttpsServer s = HttpsServer.create(addr, 64);
                s.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
                server = s;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A plain-HTTP webhook server on 127.0.0.1. */
    static FakeWebhook http() {
        return new FakeWebhook(null);
    }

    /** An HTTPS webhook server on 127.0.0.1 whose certificate is valid for 127.0.0.1 and the given DNS names. */
    static FakeWebhook https(String... dnsNames) {
        return new FakeWebhook(SelfSignedCertificate.generate("fake-webhook", List.of(dnsNames),
                List.of("127.0.0.1"), Duration.ofDays(1)));
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return (certificate == null ? "http" : "https") + "://127.0.0.1:" + port() + path;
    }

    /** The certificate as a webhook configuration's {@code caBundle} (base64 of the PEM). */
    String caBundle() {
        return Base64.getEncoder().encodeToString(certificate.certificatePem().getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code path} with an AdmissionReview of the request's version whose response is what {@code r} gives
     * (the request's uid is filled in). */
    FakeWebhook on(String path, Function<JsonNode, ObjectNode> responder) {
        return onRaw(path, review -> {
            ObjectNode response = responder.apply(review.path("request"));
            ObjectNode out = E2E.MAPPER.createObjectNode();
            out.put("apiVersion", review.path("apiVersion").asText());
            out.put("kind", "AdmissionReview");
            ObjectNode r = out.putObject("response");
            r.put("uid", review.path("request").path("uid").asText());
            r.setAll(response);
            return out;
        });
    }

    /** Answers {@code path} with exactly the body {@code responder} builds from the whole review. */
    FakeWebhook onRaw(String path, Function<JsonNode, ObjectNode> responder) {
        bodies.put(path, responder);
        return this;
    }

    /** Answers {@code path} only once {@link #close()} runs: a webhook that hangs. */
    FakeWebhook hang(String path) {
        return on(path, request -> {
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return allow();
        });
    }

    /** The next review received at {@code path} (in arrival order), failing after 10 seconds. */
    JsonNode next(String path) {
        try {
            JsonNode r = queue(path).poll(10, TimeUnit.SECONDS);
            if (r == null) {
                fail("no AdmissionReview arrived at " + path);
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** How many reviews arrived at {@code path} and were not taken by {@link #next}. */
    int pending(String path) {
        return queue(path).size();
    }

    private BlockingQueue<JsonNode> queue(String path) {
        return received.computeIfAbsent(path, p -> new LinkedBlockingQueue<>());
    }

    static ObjectNode allow() {
        return E2E.obj("{'allowed':true}");
    }

    static ObjectNode deny(int code, String message) {
        ObjectNode r = E2E.obj("{'allowed':false,'status':{}}");
        if (code != 0) {
            ((ObjectNode) r.get("status")).put("code", code);
        }
        ((ObjectNode) r.get("status")).put("message", message);
        return r;
    }

    static ObjectNode warn(String... warnings) {
        ObjectNode r = allow();
        var a = r.putArray("warnings");
        for (String w : warnings) {
            a.add(w);
        }
        return r;
    }

    /** An allowing response with a JSON patch (JSON text, single quotes allowed for readability). */
    static ObjectNode patch(String jsonPatch) {
        ObjectNode r = allow();
        r.put("patchType", "JSONPatch");
        r.put("patch", Base64.getEncoder().encodeToString(jsonPatch.replace('\'', '"')
                .getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] in;
            try (InputStream body = ex.getRequestBody()) {
                in = body.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            Function<JsonNode, ObjectNode> responder = bodies.get(path);
            if (responder == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode review = E2E.MAPPER.readTree(in);
            queue(path).add(review);
            byte[] out = E2E.MAPPER.writeValueAsBytes(responder.apply(review));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        } catch (IOException e) {
            // The API server gave up on this call (a timeout test); nothing to answer.
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
