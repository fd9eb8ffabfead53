package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Headers;
import io.kopf4j.On;
import io.kopf4j.SslPeer;
import io.kopf4j.Warnings;
import io.kopf4j.embedded.internal.SelfSignedCertificate;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.internal.admission.Reviews.create;
import static io.kopf4j.internal.admission.Reviews.kex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook server over HTTP and HTTPS: reviews POSTed to {@code /<id>} or {@code /} are answered; bad requests get
 * a clear 4xx and reach no handler; the client certificate and the headers reach the handlers.
 */
class WebhookHttpServerTest {

    static class Op {
        final AtomicInteger calls = new AtomicInteger();
        volatile String peer = "";
        volatile String token = "";

        @On.Validate("kopfexamples")
        void check(Warnings warnings, Headers headers, SslPeer sslPeer) {
            calls.incrementAndGet();
            token = String.valueOf(headers.get("authorization"));
            peer = sslPeer.subject().orElse("none");
            warnings.add("checked");
        }

        @On.Validate(value = "kopfexamples", id = "other/check")
        void other(Warnings warnings) {
            calls.incrementAndGet();
            warnings.add("other");
        }
    }

    private static WebhookHttpServer start(Op op, TlsSetup tls) throws IOException {
        return new WebhookHttpServer(new InetSocketAddress("127.0.0.1", 0), tls,
                Reviews.processor(op, new Reviews.Recorder())).start();
    }

    private static HttpResponse<String> send(HttpClient client, String url, String method, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", "Bearer abc");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body) throws IOException, InterruptedException {
        return send(HttpClient.newHttpClient(), url, "POST", body);
    }

    @Test
    void reviewsPostedToTheRootRunAllHandlersAndToAnIdOnlyThatOne() throws Exception {
        Op op = new Op();
        try (WebhookHttpServer server = start(op, TlsSetup.plain())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> all = post(base + "/", create(kex("{}", "{}")).toString());
            assertEquals(200, all.statusCode(), all.body());
            assertEquals("application/json", all.headers().firstValue("Content-Type").orElse(""));
            JsonNode response = Reviews.JSON.readTree(all.body()).path("response");
            assertTrue(response.path("allowed").asBoolean());
            assertEquals("[\"checked\",\"other\"]", response.path("warnings").toString());
            assertEquals("Bearer abc", op.token);
            assertEquals("none", op.peer);

            HttpResponse<String> one = post(base + "/other/check", create(kex("{}", "{}")).toString());
            assertEquals("[\"other\"]", Reviews.JSON.readTree(one.body()).path("response").path("warnings")
                    .toString());
            assertEquals(3, op.calls.get());
        }
    }

    @Test
    void badRequestsGetAClear4xxAndReachNoHandler() throws Exception {
        Op op = new Op();
        try (WebhookHttpServer server = start(op, TlsSetup.plain())) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> get = send(HttpClient.newHttpClient(), base + "/check", "GET", null);
            assertEquals(405, get.statusCode());
            assertEquals("POST", get.headers().firstValue("Allow").orElse(""));
            assertEquals("Admission reviews are sent with POST, not GET\n", get.body());

            HttpResponse<String> unknown = post(base + "/nope", create(kex("{}", "{}")).toString());
            assertEquals(404, unknown.statusCode());
            assertEquals("No admission handler has the path /nope\n", unknown.body());

            HttpResponse<String> notJson = post(base + "/check", "{not json");
            assertEquals(400, notJson.statusCode());
            assertTrue(notJson.body().startsWith("The body is not JSON: "), notJson.body());

            HttpResponse<String> trailing = post(base + "/check", "{} {}");
            assertEquals(400, trailing.statusCode());

            HttpResponse<String> empty = post(base + "/check", "");
            assertEquals(400, empty.statusCode());
            assertEquals("The body is empty: an AdmissionReview is expected\n", empty.body());

            HttpResponse<String> notReview = post(base + "/check", "{\"kind\":\"Pod\"}");
            assertEquals(400, notReview.statusCode());
            assertEquals("Not an AdmissionReview: kind is 'Pod'\n", notReview.body());

            HttpResponse<String> huge = post(base + "/check", "[" + "1,".repeat(WebhookHttpServer.MAX_BODY / 2)
                    + "1]");
            assertEquals(413, huge.statusCode());

            assertEquals(0, op.calls.get());
        }
    }

    @Test
    void httpsServesWithTheGivenContextAndHandlersSeeTheClientCertificate() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.generate("localhost", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofHours(1));
        SelfSignedCertificate client = SelfSignedCertificate.generate("kube-apiserver", List.of(), List.of(),
                Duration.ofHours(1));
        Op op = new Op();
        TlsSetup tls = new TlsSetup(context(server, client), TlsSetup.ClientAuth.OPTIONAL,
                server.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (WebhookHttpServer webhooks = start(op, tls)) {
            assertTrue(webhooks.secure());
            String url = "https://127.0.0.1:" + webhooks.port() + "/check";
            HttpClient withCertificate = HttpClient.newBuilder().sslContext(context(client, server)).build();
            HttpResponse<String> answered = send(withCertificate, url, "POST", create(kex("{}", "{}")).toString());
            assertEquals(200, answered.statusCode(), answered.body());
            assertEquals("CN=kube-apiserver", op.peer);

            HttpClient anonymous = HttpClient.newBuilder().sslContext(server.clientContext()).build();
            assertEquals(200, send(anonymous, url, "POST", create(kex("{}", "{}")).toString()).statusCode());
            assertEquals("none", op.peer);

            webhooks.reload(new TlsSetup(context(server, client), TlsSetup.ClientAuth.REQUIRED, null));
            HttpClient fresh = HttpClient.newBuilder().sslContext(server.clientContext()).build();
            assertThrows(IOException.class, () -> send(fresh, url, "POST", create(kex("{}", "{}")).toString()));
            HttpClient freshWithCertificate = HttpClient.newBuilder().sslContext(context(client, server)).build();
            assertEquals(200, send(freshWithCertificate, url, "POST", create(kex("{}", "{}")).toString())
                    .statusCode());
        }
    }

    @Test
    void plainHttpClientsCannotTalkToAnHttpsServer() throws Exception {
        SelfSignedCertificate server = SelfSignedCertificate.generate("localhost", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofHours(1));
        try (WebhookHttpServer webhooks = start(new Op(), new TlsSetup(server.serverContext(),
                TlsSetup.ClientAuth.NONE, null))) {
            HttpClient untrusting = HttpClient.newHttpClient();
            assertThrows(SSLHandshakeException.class, () -> send(untrusting, "https://127.0.0.1:" + webhooks.port()
                    + "/check", "POST", "{}"));
        }
    }

    /** A TLS context with {@code own}'s key and certificate that trusts {@code trusted}'s certificate. */
    private static SSLContext context(SelfSignedCertificate own, SelfSignedCertificate trusted) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("own", own.privateKey(), password, new Certificate[]{own.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", trusted.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        return context;
    }
}
