package io.kopf4j.internal.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kopf4j.internal.util.ThreadPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook server on the JDK's HTTP(S) server: {@code POST /<handler id>} (or {@code POST /} for all handlers)
 * with an {@code AdmissionReview} is answered 200 with the review's response. Requests that are bad as requests get
 * a plain-text 4xx and never reach a handler: another method than POST (405), an unknown handler id (404), a body over
 * {@value #MAX_BODY} bytes (413), a body that is not JSON or not an {@code AdmissionReview} (400), a resource no
 * handler is for (404). HTTPS with a given {@link TlsSetup}, plain HTTP without one; the TLS context can be replaced
 * while running (renewed certificates), for new connections. At close, reviews in progress finish first (bounded).
 * Kopf: {@code WebhookServer} in {@code kopf/_kits/webhooks.py}. Not API.
 */
public final class WebhookHttpServer implements AutoCloseable {
    /** The largest review accepted: the API server's own request limit is 3 MiB, a review holds two objects. */
    static final int MAX_BODY = 16 * 1024 * 1024;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookHttpServer.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static {
        // Up to JDK 22, com.sun.net.httpserver flushes the response headers on their own before the body
        // (JDK-6968351): with Nagle's algorithm, the body then waits for the client's delayed ACK, about 40 ms per
        // review on a kept-alive connection (measured on loopback: 45 ms per review without it, under 1 ms with
        // it), in an API server's request path. The property is read when the JDK creates its first server; an explicit
        // setting is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final InetSocketAddress address;
    private final ReviewProcessor processor;
    private volatile TlsSetup tls;
    private ReloadableSslContext context;
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean closing;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param address   where to listen (port 0: any free one)
     * @param tls       HTTPS settings, or {@link TlsSetup#plain()}
     * @param processor what answers the reviews
     */
    public WebhookHttpServer(InetSocketAddress address, TlsSetup tls, ReviewProcessor processor) {
        this.address = Objects.requireNonNull(address, "address");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.processor = Objects.requireNonNull(processor, "processor");
    }

    /** Binds and starts serving; an {@link IOException} when the address cannot be bound. */
    public synchronized WebhookHttpServer start() throws IOException {
        if (tls.secure()) {
            HttpsServer https = HttpsServer.create(address, 0);
            context = ReloadableSslContext.of(tls.context());
            https.setHttpsConfigurator(configurator());
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        server.createContext("/", this::handle);
        executor = ThreadPlatform.detect().newExecutor("kopf4j-webhook");
        server.setExecutor(executor);
        server.start();
        return this;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Whether it serves HTTPS. */
    public boolean secure() {
        return tls.secure();
    }

    /**
     * Uses another TLS context (and client-certificate mode) for new connections, e.g. after the certificate files
     * were renewed; the server must have been started with HTTPS.
     */
    public synchronized void reload(TlsSetup renewed) {
        if (context == null || !renewed.secure()) {
            throw new IllegalStateException("Only an HTTPS webhook server can reload its TLS context with another");
        }
        context.replace(renewed.context());
        tls = renewed;
    }

    /** Each new connection: the newest context's parameters, asking for a client certificate as set up now. */
    private HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                TlsSetup setup = tls;
                SSLParameters parameters = context.current().getDefaultSSLParameters();
                if (setup.clientAuth() == TlsSetup.ClientAuth.OPTIONAL) {
                    parameters.setWantClientAuth(true);
                } else if (setup.clientAuth() == TlsSetup.ClientAuth.REQUIRED) {
                    parameters.setNeedClientAuth(true);
                }
                params.setSSLParameters(parameters);
            }
        };
    }

    private void handle(HttpExchange exchange) throws IOException {
        active.incrementAndGet();
        try (exchange) {
            if (closing) {
                send(exchange, 503, "The operator is stopping\n");
                return;
            }
            serve(exchange);
        } catch (RuntimeException e) {
            LOG.error("The webhook server failed to answer {} {}", exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e);
            send(exchange, 500, "Internal error of the webhook server\n");
        } finally {
            active.decrementAndGet();
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        if (!method.equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            refuse(exchange, 405, "Admission reviews are sent with POST, not " + method);
            return;
        }
        String id = path == null ? "" : path.replaceFirst("^/+", "");
        if (!id.isEmpty() && !processor.knows(id)) {
            refuse(exchange, 404, "No admission handler has the path " + path);
            return;
        }
        byte[] body = read(exchange.getRequestBody());
        if (body == null) {
            refuse(exchange, 413, "The review is larger than " + MAX_BODY + " bytes");
            return;
        }
        JsonNode review;
        try {
            review = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            refuse(exchange, 400, "The body is not JSON: " + e.getOriginalMessage());
            return;
        }
        if (review == null || review.isMissingNode()) {
            refuse(exchange, 400, "The body is empty: an AdmissionReview is expected");
            return;
        }
        JsonNode response;
        try {
            response = processor.review(review, id.isEmpty() ? null : id, transport(exchange));
        } catch (WebhookError e) {
            refuse(exchange, e.status(), e.getMessage());
            return;
        }
        byte[] bytes = response.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ReviewProcessor.Transport transport(HttpExchange exchange) {
        List<X509Certificate> chain = new ArrayList<>();
        if (exchange instanceof HttpsExchange https && https.getSSLSession() != null) {
            try {
                for (Certificate c : https.getSSLSession().getPeerCertificates()) {
                    if (c instanceof X509Certificate x509) {
                        chain.add(x509);
                    }
                }
            } catch (SSLPeerUnverifiedException noClientCertificate) {
                chain.clear();
            }
        }
        return new ReviewProcessor.Transport(RealHeaders.of(exchange.getRequestHeaders()), new RealSslPeer(chain));
    }

    /** The body, or null when it is over the limit. */
    private static byte[] read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (out.size() + n > MAX_BODY) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static void refuse(HttpExchange exchange, int status, String message) throws IOException {
        LOG.warn("Refused a webhook request to {} ({}): {}", exchange.getRequestURI().getRawPath(), status, message);
        send(exchange, status, message + "\n");
    }

    private static void send(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting reviews, lets those in progress finish (up to 10 s), then stops. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
    }
}
