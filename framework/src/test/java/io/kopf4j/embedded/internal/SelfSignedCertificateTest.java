package io.kopf4j.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SelfSignedCertificateTest {

    private static SelfSignedCertificate cert;
    private static Instant generatedAt;

    private HttpsServer server;

    @BeforeAll
    static void generateOnce() {
        generatedAt = Instant.now();
        cert = SelfSignedCertificate.generate("kopf4j-test", List.of("localhost", "*.svc.cluster.local"),
                List.of("127.0.0.1", "::1"), Duration.ofDays(30));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void certificateParsesWithCertificateFactoryAndVerifiesWithItsOwnPublicKey() throws Exception {
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.certificate().getEncoded()));

        parsed.verify(parsed.getPublicKey());
        assertEquals(3, parsed.getVersion());
        assertEquals("SHA256withECDSA", parsed.getSigAlgName());
        assertEquals("1.2.840.10045.4.3.2", parsed.getSigAlgOID());
        assertEquals("CN=kopf4j-test", parsed.getSubjectX500Principal().getName());
        assertEquals(parsed.getSubjectX500Principal(), parsed.getIssuerX500Principal());
    }

    @Test
    void keyIsEcP256AndMatchesThePrivateKey() throws Exception {
        ECPublicKey publicKey = (ECPublicKey) cert.certificate().getPublicKey();
        assertEquals(256, publicKey.getParams().getCurve().getField().getFieldSize());
        assertEquals("EC", cert.privateKey().getAlgorithm());

        byte[] data = "proof".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(cert.privateKey());
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(data);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void serialIsRandomPositiveAndAtMostSixteenBytes() {
        SelfSignedCertificate other = SelfSignedCertificate.generate("other", List.of(), List.of(), Duration.ofHours(1));

        assertEquals(1, cert.certificate().getSerialNumber().signum());
        assertTrue(cert.certificate().getSerialNumber().bitLength() <= 127);
        assertTrue(cert.certificate().getSerialNumber().bitLength() > 64);
        assertNotEquals(cert.certificate().getSerialNumber(), other.certificate().getSerialNumber());
    }

    @Test
    void subjectAlternativeNamesHoldTheDnsNamesAndIpAddresses() throws Exception {
        Collection<List<?>> sans = cert.certificate().getSubjectAlternativeNames();
        assertNotNull(sans);
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            if (type == 2) {
                dns.add((String) san.get(1));
            } else if (type == 7) {
                ips.add((String) san.get(1));
            }
        }
        assertEquals(List.of("localhost", "*.svc.cluster.local"), dns);
        assertEquals(2, ips.size());
        assertEquals("127.0.0.1", ips.get(0));
        assertArrayEquals(InetAddress.getByName("::1").getAddress(), InetAddress.getByName(ips.get(1)).getAddress());
    }

    @Test
    void subjectAlternativeNamesAreOmittedWhenNoneAreGiven() throws Exception {
        SelfSignedCertificate bare = SelfSignedCertificate.generate("bare", List.of(), List.of(), Duration.ofHours(1));

        assertNull(bare.certificate().getSubjectAlternativeNames());
        bare.certificate().verify(bare.certificate().getPublicKey());
    }

    @Test
    void validityStartsAnHourBeforeGenerationAndLastsTheRequestedDuration() throws Exception {
        X509Certificate x509 = cert.certificate();
        Instant notBefore = x509.getNotBefore().toInstant();
        Instant notAfter = x509.getNotAfter().toInstant();

        Instant expectedNotBefore = generatedAt.minus(Duration.ofHours(1));
        assertTrue(Duration.between(notBefore, expectedNotBefore).abs().getSeconds() <= 5, notBefore.toString());
        Instant expectedNotAfter = generatedAt.plus(Duration.ofDays(30));
        assertTrue(Duration.between(notAfter, expectedNotAfter).abs().getSeconds() <= 5, notAfter.toString());

        x509.checkValidity();
        x509.checkValidity(Date.from(generatedAt.minus(Duration.ofMinutes(30))));
        assertThrows(CertificateNotYetValidException.class,
                () -> x509.checkValidity(Date.from(generatedAt.minus(Duration.ofHours(2)))));
        assertThrows(CertificateExpiredException.class,
                () -> x509.checkValidity(Date.from(generatedAt.plus(Duration.ofDays(31)))));
    }

    @Test
    void validityBeyond2049IsEncodedAsGeneralizedTimeAndStillParses() throws Exception {
        SelfSignedCertificate longLived = SelfSignedCertificate.generate("long", List.of("localhost"), List.of(),
                Duration.ofDays(365L * 100));

        Instant notAfter = longLived.certificate().getNotAfter().toInstant();
        assertTrue(Duration.between(notAfter, Instant.now().plus(Duration.ofDays(365L * 100))).abs().getSeconds() <= 5);
        longLived.certificate().verify(longLived.certificate().getPublicKey());
    }

    @Test
    void basicConstraintsMarkTheCertificateAsCaAndCritical() {
        X509Certificate x509 = cert.certificate();

        assertEquals(Integer.MAX_VALUE, x509.getBasicConstraints());
        assertTrue(x509.getCriticalExtensionOIDs().contains("2.5.29.19"));
    }

    @Test
    void keyUsageIsDigitalSignatureAndKeyCertSignAndCritical() {
        boolean[] keyUsage = cert.certificate().getKeyUsage();

        assertNotNull(keyUsage);
        for (int bit = 0; bit < keyUsage.length; bit++) {
            assertEquals(bit == 0 || bit == 5, keyUsage[bit], "keyUsage bit " + bit);
        }
        assertEquals(Set.of("2.5.29.19", "2.5.29.15"), cert.certificate().getCriticalExtensionOIDs());
    }

    @Test
    void extendedKeyUsageAllowsServerAndClientAuth() throws Exception {
        assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), cert.certificate().getExtendedKeyUsage());
        assertFalse(cert.certificate().getNonCriticalExtensionOIDs().contains("2.5.29.19"));
    }

    @Test
    void subjectAndAuthorityKeyIdentifiersArePresentAndEqual() {
        byte[] ski = cert.certificate().getExtensionValue("2.5.29.14");
        byte[] aki = cert.certificate().getExtensionValue("2.5.29.35");

        assertNotNull(ski);
        assertNotNull(aki);
        // ski: OCTET STRING { OCTET STRING (20) }; aki: OCTET STRING { SEQUENCE { [0] (20) } }
        assertEquals(24, ski.length);
        byte[] skiId = java.util.Arrays.copyOfRange(ski, 4, 24);
        byte[] akiId = java.util.Arrays.copyOfRange(aki, aki.length - 20, aki.length);
        assertArrayEquals(skiId, akiId);
    }

    @Test
    void pemTextRoundTripsThroughCertificateFactoryAndKeyFactory() throws Exception {
        String certPem = cert.certificatePem();
        String keyPem = cert.privateKeyPem();

        assertTrue(certPem.startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertTrue(certPem.endsWith("-----END CERTIFICATE-----\n"));
        assertTrue(keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(keyPem.endsWith("-----END PRIVATE KEY-----\n"));
        for (String line : (certPem + keyPem).split("\n")) {
            assertTrue(line.length() <= 64, line);
        }

        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(cert.certificate(), parsed);

        String base64 = keyPem.replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "");
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(base64)));
        assertEquals(cert.privateKey(), key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "[::1]", "::1", "::", "fe80::1:2", "2001:db8:0:0:0:0:0:1",
            "::ffff:192.168.1.1", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:10.0.0.1"})
    void ipLiteralsAreParsedLikeTheJdkDoesWithoutResolving(String literal) throws Exception {
        String bare = literal.replace("[", "").replace("]", "");
        byte[] expected = InetAddress.getByName(bare).getAddress();
        byte[] actual = SelfSignedCertificate.parseIpLiteral(literal);
        if (expected.length == 4 && actual.length == 16) { // JDK folds IPv4-mapped addresses to IPv4
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 12, 16));
        } else {
            assertArrayEquals(expected, actual);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "256.0.0.1", "1.2.3", "01.2.3.4", "1::2::3", ":::", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7", "12345::", "fe80::1%eth0", "1.2.3.4::", ":1", "1:", ""})
    void invalidIpLiteralsAreRejected(String literal) {
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate("x", List.of(), List.of(literal), Duration.ofHours(1)));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate(" ", List.of(), List.of(), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate("x", List.of("bad name"), List.of(), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate("x", List.of("bücher.example"), List.of(), Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class,
                () -> SelfSignedCertificate.generate("x", List.of(), List.of(), Duration.ZERO));
    }

    @Test
    void httpsServerAndHttpClientCompleteAVerifiedHandshake() throws Exception {
        int port = startServer(cert.serverContext());
        HttpClient client = HttpClient.newBuilder()
                .sslContext(cert.clientContext())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10))
                        .GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
    }

    @Test
    void hostnameVerificationAcceptsTheDnsSanLocalhost() throws Exception {
        int port = startServer(cert.serverContext());

        assertEquals("HTTP/1.1 200 OK", rawGet(cert.clientContext(), port, "localhost"));
    }

    @Test
    void hostnameVerificationRejectsANameNotInTheSans() throws Exception {
        int port = startServer(cert.serverContext());

        assertThrows(SSLHandshakeException.class, () -> rawGet(cert.clientContext(), port, "example.com"));
    }

    @Test
    void clientContextTrustsOnlyThisCertificate() throws Exception {
        SelfSignedCertificate stranger = SelfSignedCertificate.generate("stranger", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofHours(1));
        int port = startServer(stranger.serverContext());
        HttpClient client = HttpClient.newBuilder().sslContext(cert.clientContext())
                .version(HttpClient.Version.HTTP_1_1).build();

        assertThrows(SSLHandshakeException.class, () -> client.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private int startServer(SSLContext context) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    /** Connects to 127.0.0.1 but verifies the server as {@code hostname} (HTTPS endpoint identification). */
    private static String rawGet(SSLContext context, int port, String hostname) throws Exception {
        try (Socket plain = new Socket(InetAddress.getByName("127.0.0.1"), port);
             SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostname, port, true)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + hostname + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
                statusLine.append((char) c);
            }
            return statusLine.toString();
        }
    }
}
