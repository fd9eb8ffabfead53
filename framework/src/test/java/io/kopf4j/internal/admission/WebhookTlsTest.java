package io.kopf4j.internal.admission;

import static io.kopf4j.internal.admission.CertificatesFixtures.clientContext;
import static io.kopf4j.internal.admission.CertificatesFixtures.serverCertificate;
import static io.kopf4j.internal.admission.CertificatesFixtures.write;
import static io.kopf4j.internal.admission.CertificatesFixtures.writePair;
import static io.kopf4j.support.Eventually.continually;
import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.kopf4j.WebhookServer;
import io.kopf4j.WebhookServer.VerifyMode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook server's TLS over real loopback connections: a JDK {@code HttpsServer} configured with nothing but
 * {@link WebhookTls#sslContext()}, and clients that trust nothing but {@link WebhookTls#caBundlePem()}.
 */
class WebhookTlsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private HttpsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves on all interfaces (so both 127.0.0.1 and ::1 for "localhost"); answers with the client's CN. */
    private int serve(WebhookTls tls) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        server.createContext("/", exchange -> {
            String peer;
            try {
                SSLSession session = ((HttpsExchange) exchange).getSSLSession();
                peer = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
            } catch (SSLPeerUnverifiedException e) {
                peer = "anonymous";
            }
            byte[] body = peer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    private static HttpResponse<String> get(SSLContext client, String url) throws IOException {
        HttpClient http = HttpClient.newBuilder().sslContext(client).connectTimeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void generatedCertificateIsTrustedThroughTheCaBundleForLocalhostLoopbackAndExtraNames() throws Exception {
        WebhookServer spec = WebhookServer.selfSigned().withAddress(null, 0).withHost("webhook.host.test")
                .withExtraSans("webhook.extra.test", "10.20.30.40");
        WebhookTls tls = WebhookTls.from(spec, List.of("0.0.0.0", "::"));
        int port = serve(tls);
        SSLContext client = clientContext(tls.caBundlePem(), null);

        for (String host : List.of("localhost", "127.0.0.1")) {
            HttpResponse<String> response = get(client, "https://" + host + ":" + port + "/validate");
            assertEquals(200, response.statusCode(), host);
            assertEquals("anonymous", response.body());
            X509Certificate seen = (X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0];
            assertEquals(tls.certificate(), seen, host);
        }
        // The extra names, checked by a real handshake with HTTPS host name verification, and on the certificate.
        assertEquals(tls.certificate(), serverCertificate(port, "webhook.extra.test", tls.caBundlePem()));
        assertEquals(tls.certificate(), serverCertificate(port, "webhook.host.test", tls.caBundlePem()));
        assertThrows(SSLException.class, () -> serverCertificate(port, "elsewhere.test", tls.caBundlePem()));
        Set<String> sans = CertificatesTest.sans(tls.certificate());
        assertTrue(sans.containsAll(Set.of("2:webhook.host.test", "2:localhost", "7:127.0.0.1",
                "7:0:0:0:0:0:0:0:1", "2:webhook.extra.test", "7:10.20.30.40")), sans.toString());
        assertFalse(sans.contains("7:0.0.0.0"), sans.toString());
        assertFalse(sans.contains("7:0:0:0:0:0:0:0:0"), sans.toString());
        assertEquals("CN=webhook.host.test", tls.certificate().getSubjectX500Principal().getName());

        X509Certificate ca = Certificates.parseCertificates(tls.caBundlePem(), "bundle").get(0);
        assertTrue(ca.getBasicConstraints() >= 0, "the bundle is a CA");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        tls.certificate().verify(ca.getPublicKey());
        assertEquals(VerifyMode.NONE, tls.verifyMode());
    }

    @Test
    void clientThatDoesNotTrustTheCaIsRefused() throws Exception {
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withAddress(null, 0), List.of());
        int port = serve(tls);
        IOException refused = assertThrows(IOException.class,
                () -> get(SSLContext.getDefault(), "https://localhost:" + port + "/"));
        assertTrue(hasCause(refused, SSLException.class), refused.toString());
        byte[] otherCa = Certificates.pem(List.of(Certificates.generateCa("another CA").certificate()));
        assertThrows(IOException.class, () -> get(clientContext(otherCa, null), "https://localhost:" + port + "/"));
    }

    @Test
    void generatedNamesAreCanonicalDeduplicatedAndSkipUnspecifiedAddresses() {
        WebhookServer spec = WebhookServer.selfSigned().withAddress("0.0.0.0", 0).withHost("Webhook.Example")
                .withExtraSans("[::1]", "10.0.0.1", "webhook.example", "2001:DB8::5");
        List<String> names = WebhookTls.generatedNames(spec, List.of("::", "10.0.0.1", "node-7"), "my-pod");
        assertEquals(List.of("webhook.example", "10.0.0.1", "node-7", "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1",
                "my-pod", "2001:db8:0:0:0:0:0:5"), names);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebhookTls.generatedNames(
                spec.withExtraSans("not a name"), List.of(), null));
        assertTrue(e.getMessage().contains("'not a name'"), e.getMessage());
    }

    @Test
    void caBundleIsDumpedWithoutAnyKey() throws Exception {
        Path dump = dir.resolve("sub/ca.pem");
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withCaDump(dump), List.of());
        assertArrayEquals(tls.caBundlePem(), Files.readAllBytes(dump));
        String text = Files.readString(dump);
        assertTrue(text.startsWith("-----BEGIN CERTIFICATE-----"), text);
        assertFalse(text.contains("PRIVATE KEY"), text);
    }

    @Test
    void descriptionCopiesKeepEveryOtherFieldAndHideThePassword() {
        Path cert = dir.resolve("c.pem");
        Path key = dir.resolve("k.pem");
        WebhookServer spec = WebhookServer.selfSigned().withAddress("127.0.0.1", 0).withHost("h")
                .withCertificate(cert, key).withPassword("pw").withCaFile(dir.resolve("ca.pem"))
                .withCaData(new byte[]{1}).withCaDump(dir.resolve("dump.pem")).withExtraSans("x")
                .withVerifyMode(VerifyMode.REQUIRED).withVerifyCaFile(dir.resolve("v.pem"))
                .withVerifyCaPath(dir).withVerifyCaData("pem").withFileCheckInterval(Duration.ofSeconds(5));
        assertEquals(Optional.of("127.0.0.1"), spec.addr());
        assertEquals(Optional.of("h"), spec.host());
        assertEquals(Optional.of(cert), spec.certFile());
        assertEquals(Optional.of(key), spec.pkeyFile());
        assertEquals(Optional.of("pw"), spec.password());
        assertEquals(Optional.of(dir.resolve("ca.pem")), spec.caFile());
        assertArrayEquals(new byte[]{1}, spec.caData().orElseThrow());
        assertEquals(Optional.of(dir.resolve("dump.pem")), spec.caDump());
        assertEquals(List.of("x"), spec.extraSans());
        assertEquals(Optional.of(VerifyMode.REQUIRED), spec.verifyMode());
        assertEquals(Optional.of(dir.resolve("v.pem")), spec.verifyCaFile());
        assertEquals(Optional.of(dir), spec.verifyCaPath());
        assertEquals(Optional.of("pem"), spec.verifyCaData());
        assertEquals(Duration.ofSeconds(5), spec.fileCheckInterval());
        assertEquals(spec, spec.withInsecure(true).withInsecure(false));
        assertFalse(spec.toString().contains("pw,") || spec.toString().contains("=pw"), spec.toString());

        WebhookServer defaults = WebhookServer.selfSigned();
        assertEquals(Duration.ofSeconds(60), defaults.fileCheckInterval());
        assertEquals(Optional.empty(), defaults.verifyMode());
        assertEquals(Optional.empty(), defaults.password());
        assertThrows(IllegalArgumentException.class, () -> defaults.withFileCheckInterval(Duration.ofSeconds(-1)));
    }

    @Test
    void insecureServerHasNoTls() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WebhookTls.from(WebhookServer.selfSigned().withInsecure(true), List.of()));
        assertTrue(e.getMessage().contains("insecure"), e.getMessage());
    }

    @Test
    void givenFilesAreServedAndTheChainTopIsTheCaBundle() throws Exception {
        Certificates.CertifiedKey ca = Certificates.generateCa("corporate CA");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        writePair(Certificates.issueServer(ca, List.of("localhost", "127.0.0.1")), cert, key);
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withCertificate(cert, key), List.of());
        assertArrayEquals(Certificates.pem(List.of(ca.certificate())), tls.caBundlePem());
        int port = serve(tls);
        assertEquals(200, get(clientContext(tls.caBundlePem(), null), "https://127.0.0.1:" + port + "/").statusCode());

        Path caFile = dir.resolve("ca.crt");
        byte[] bundle = Certificates.pem(List.of(ca.certificate(), Certificates.generateCa("next CA").certificate()));
        Files.write(caFile, bundle);
        WebhookServer withCaFile = WebhookServer.selfSigned().withCertificate(cert, key).withCaFile(caFile);
        assertArrayEquals(bundle, WebhookTls.from(withCaFile, List.of()).caBundlePem());
        byte[] data = Certificates.pem(List.of(ca.certificate()));
        assertArrayEquals(data, WebhookTls.from(withCaFile.withCaData(data), List.of()).caBundlePem());
    }

    @Test
    void rsaKeyInTraditionalFormIsServed() throws Exception {
        Certificates.CertifiedKey ca = Certificates.generateCa("RSA test CA");
        Certificates.CertifiedKey pair = Certificates.issueServer(ca, List.of("localhost"), CertificatesTest.rsaPair());
        Path cert = dir.resolve("rsa.crt");
        Path key = dir.resolve("rsa.key");
        write(cert, Certificates.pem(pair.chain()));
        write(key, CertificatesFixtures.traditionalPem(pair.privateKey()));
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withCertificate(cert, key), List.of());
        int port = serve(tls);
        assertEquals(pair.certificate(), serverCertificate(port, "localhost", tls.caBundlePem()));
    }

    @Test
    void encryptedKeyIsLoadedWithThePasswordAndRefusedWithoutIt() throws Exception {
        Certificates.CertifiedKey ca = Certificates.generateCa("test CA");
        Certificates.CertifiedKey pair = Certificates.issueServer(ca, List.of("localhost"));
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        write(cert, Certificates.pem(pair.chain()));
        write(key, CertificatesFixtures.encryptedPkcs8Pem(pair.privateKey(), "open sesame".toCharArray()));
        WebhookServer spec = WebhookServer.selfSigned().withCertificate(cert, key);

        WebhookTls tls = WebhookTls.from(spec.withPassword("open sesame"), List.of());
        int port = serve(tls);
        assertEquals(pair.certificate(), serverCertificate(port, "localhost", tls.caBundlePem()));

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> WebhookTls.from(spec, List.of()));
        assertEquals(key + ": the private key is encrypted, but no password is given", missing.getMessage());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> WebhookTls.from(spec.withPassword("guess"), List.of()));
        assertEquals(key + ": cannot decrypt the private key (wrong password?)", wrong.getMessage());
        assertFalse(spec.withPassword("open sesame").toString().contains("open sesame"));
    }

    @Test
    void brokenFilesAtStartAreRefusedNamingTheFile() throws Exception {
        Certificates.CertifiedKey ca = Certificates.generateCa("test CA");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        writePair(Certificates.issueServer(ca, List.of("localhost")), cert, key);
        Path missing = dir.resolve("absent.key");
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> WebhookTls.from(WebhookServer.selfSigned().withCertificate(cert, missing), List.of()));
        assertTrue(absent.getMessage().startsWith(missing + ": cannot be read"), absent.getMessage());

        Path otherKey = dir.resolve("other.key");
        write(otherKey, Certificates.pem(ca.privateKey()));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> WebhookTls.from(WebhookServer.selfSigned().withCertificate(cert, otherKey), List.of()));
        assertEquals(otherKey + ": the private key does not belong to the certificate in " + cert,
                mismatch.getMessage());
    }

    @Test
    void renewedFilesAreServedAfterTheCheckIntervalAndBrokenOnesKeepTheOldPairWithOneWarning() throws Exception {
        Certificates.CertifiedKey ca = Certificates.generateCa("first CA");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Path dump = dir.resolve("ca-dump.pem");
        Certificates.CertifiedKey first = Certificates.issueServer(ca, List.of("localhost"));
        writePair(first, cert, key);
        WebhookServer spec = WebhookServer.selfSigned().withCertificate(cert, key).withCaDump(dump)
                .withFileCheckInterval(Duration.ofMillis(200));
        WebhookTls tls = WebhookTls.from(spec, List.of());
        List<byte[]> announced = new CopyOnWriteArrayList<>();
        tls.onCaBundleChange(announced::add);
        int port = serve(tls);
        byte[] trusted = Certificates.pem(List.of(ca.certificate()));
        assertEquals(first.certificate().getSerialNumber(), servedSerial(port, trusted));

        // Renewed by the same CA: new connections get the new certificate; the CA bundle stays.
        Certificates.CertifiedKey second = Certificates.issueServer(ca, List.of("localhost"));
        writePair(second, cert, key);
        eventually(DEADLINE, () -> assertEquals(second.certificate().getSerialNumber(), servedSerial(port, trusted)));
        assertEquals(second.certificate(), tls.certificate());
        assertTrue(announced.isEmpty(), "same CA bundle, nothing to announce");

        try (CertificatesFixtures.CapturedLog log = new CertificatesFixtures.CapturedLog()) {
            // Broken: a key that does not belong to the certificate. The second pair stays, with one warning.
            write(key, Certificates.pem(Certificates.generateCa("stray").privateKey()));
            // The files are checked when clients connect: keep connecting until the check has happened.
            eventually(DEADLINE, () -> {
                assertEquals(second.certificate().getSerialNumber(), servedSerial(port, trusted));
                assertEquals(1, log.warnings().size(), log.lines().toString());
            });
            continually(Duration.ofSeconds(1),
                    () -> assertEquals(second.certificate().getSerialNumber(), servedSerial(port, trusted)));
            assertEquals(1, log.warnings().size(), log.lines().toString());
            String warning = log.warnings().get(0);
            assertTrue(warning.contains(key + ": the private key does not belong to the certificate in " + cert),
                    warning);
            assertTrue(warning.contains(second.certificate().getSerialNumber().toString(16)), warning);
            assertFalse(warning.contains("PRIVATE KEY"), warning);

            // Broken differently: not PEM at all. One more warning, naming the certificate file.
            write(cert, "not a certificate".getBytes(StandardCharsets.US_ASCII));
            eventually(DEADLINE, () -> {
                assertEquals(second.certificate().getSerialNumber(), servedSerial(port, trusted));
                assertEquals(2, log.warnings().size(), log.lines().toString());
            });
            assertTrue(log.warnings().get(1).contains(cert + ": holds no PEM certificate"), log.warnings().get(1));
            assertEquals(second.certificate().getSerialNumber(), servedSerial(port, trusted));
        }

        // Renewed with another CA: served, the dump is rewritten and the new bundle announced.
        Certificates.CertifiedKey nextCa = Certificates.generateCa("next CA");
        Certificates.CertifiedKey third = Certificates.issueServer(nextCa, List.of("localhost"));
        writePair(third, cert, key);
        byte[] nextTrusted = Certificates.pem(List.of(nextCa.certificate()));
        eventually(DEADLINE, () -> assertEquals(third.certificate().getSerialNumber(),
                servedSerial(port, nextTrusted)));
        assertArrayEquals(nextTrusted, tls.caBundlePem());
        assertArrayEquals(nextTrusted, Files.readAllBytes(dump));
        assertEquals(1, announced.size());
        assertArrayEquals(nextTrusted, announced.get(0));
    }

    private static BigInteger servedSerial(int port, byte[] trusted) {
        try {
            return serverCertificate(port, "localhost", trusted).getSerialNumber();
        } catch (IOException e) {
            throw new AssertionError("no handshake with the webhook server: " + e, e);
        }
    }

    @Test
    void requiredClientCertificatesAdmitOnlyClientsSignedByTheTrustedCa() throws Exception {
        Certificates.CertifiedKey clientCa = Certificates.generateCa("apiserver client CA");
        Path caFile = dir.resolve("client-ca.pem");
        Files.write(caFile, Certificates.pem(List.of(clientCa.certificate())));
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withVerifyMode(VerifyMode.REQUIRED)
                .withVerifyCaFile(caFile), List.of());
        assertEquals(VerifyMode.REQUIRED, tls.verifyMode());
        int port = serve(tls);
        String url = "https://localhost:" + port + "/";

        Certificates.CertifiedKey apiserver = Certificates.issueClient(clientCa, "kube-apiserver");
        HttpResponse<String> accepted = get(clientContext(tls.caBundlePem(), apiserver), url);
        assertEquals(200, accepted.statusCode());
        assertEquals("CN=kube-apiserver", accepted.body());

        assertThrows(IOException.class, () -> get(clientContext(tls.caBundlePem(), null), url));
        Certificates.CertifiedKey stranger = Certificates.issueClient(Certificates.generateCa("other"), "stranger");
        assertThrows(IOException.class, () -> get(clientContext(tls.caBundlePem(), stranger), url));
    }

    @Test
    void clientCertificatesAreOptionalWhenOnlyATrustedCaIsGiven() throws Exception {
        Certificates.CertifiedKey clientCa = Certificates.generateCa("apiserver client CA");
        Path caDir = Files.createDirectories(dir.resolve("client-cas"));
        Files.write(caDir.resolve("a-readme.txt"), "not a certificate".getBytes(StandardCharsets.US_ASCII));
        Files.write(caDir.resolve("client-ca.pem"), Certificates.pem(List.of(clientCa.certificate())));
        WebhookTls tls = WebhookTls.from(WebhookServer.selfSigned().withVerifyCaPath(caDir), List.of());
        assertEquals(VerifyMode.OPTIONAL, tls.verifyMode());
        int port = serve(tls);
        String url = "https://localhost:" + port + "/";

        assertEquals("anonymous", get(clientContext(tls.caBundlePem(), null), url).body());
        Certificates.CertifiedKey apiserver = Certificates.issueClient(clientCa, "kube-apiserver");
        assertEquals("CN=kube-apiserver", get(clientContext(tls.caBundlePem(), apiserver), url).body());
        Certificates.CertifiedKey stranger = Certificates.issueClient(Certificates.generateCa("other"), "stranger");
        assertThrows(IOException.class, () -> get(clientContext(tls.caBundlePem(), stranger), url));

        String caData = new String(Certificates.pem(List.of(clientCa.certificate())), StandardCharsets.US_ASCII);
        WebhookTls fromData = WebhookTls.from(WebhookServer.selfSigned().withVerifyCaData(caData)
                .withVerifyMode(VerifyMode.REQUIRED), List.of());
        stopServer();
        int port2 = serve(fromData);
        String url2 = "https://localhost:" + port2 + "/";
        assertEquals("CN=kube-apiserver", get(clientContext(fromData.caBundlePem(), apiserver), url2).body());
        assertThrows(IOException.class, () -> get(clientContext(fromData.caBundlePem(), null), url2));
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
