package io.kopf4j.internal.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CertificatesTest {
    private static final Certificates.CertifiedKey CA = Certificates.generateCa("test CA");

    @Test
    void generatedCaIsACaThatSignsCertificatesOnly() throws Exception {
        X509Certificate ca = CA.certificate();
        assertTrue(ca.getBasicConstraints() >= 0, "CA:true");
        boolean[] usage = ca.getKeyUsage();
        assertTrue(usage[5], "keyCertSign");
        assertTrue(usage[6], "cRLSign");
        assertFalse(usage[2], "no keyEncipherment");
        ca.verify(ca.getPublicKey());
        assertEquals("EC", ca.getPublicKey().getAlgorithm());
    }

    @Test
    void serverCertificateIsSignedByTheCaWithIpAndDnsNamesTold() throws Exception {
        Certificates.CertifiedKey server = Certificates.issueServer(CA,
                List.of("Webhook.Example.Test", "10.0.0.7", "[::1]", "fe80::1%eth0"));
        X509Certificate cert = server.certificate();
        cert.verify(CA.certificate().getPublicKey());
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertEquals(Set.of("2:webhook.example.test", "7:10.0.0.7", "7:0:0:0:0:0:0:0:1", "7:fe80:0:0:0:0:0:0:1"),
                sans(cert));
        assertEquals("CN=webhook.example.test", cert.getSubjectX500Principal().getName());
        assertEquals(List.of(cert, CA.certificate()), server.chain());
        assertTrue(Certificates.matches(server.privateKey(), cert));
        assertFalse(Certificates.matches(CA.privateKey(), cert));
    }

    @Test
    void addressOnlyCertificateIsNamedByItsAddress() {
        X509Certificate cert = Certificates.issueServer(CA, List.of("192.168.1.1")).certificate();
        assertEquals("CN=192.168.1.1", cert.getSubjectX500Principal().getName());
    }

    @Test
    void malformedNameIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Certificates.issueServer(CA, List.of("good.example", "bad name/with slash")));
        assertTrue(e.getMessage().contains("bad name/with slash"), e.getMessage());
    }

    @Test
    void certificatesSurviveAWriteAndReadAsPem() {
        Certificates.CertifiedKey server = Certificates.issueServer(CA, List.of("localhost"));
        byte[] pem = Certificates.pem(server.chain());
        assertTrue(new String(pem, StandardCharsets.US_ASCII).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals(server.chain(), Certificates.parseCertificates(pem, "chain.pem"));
    }

    @Test
    void fileWithoutCertificateIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Certificates.parseCertificates(Certificates.pem(CA.privateKey()), "/etc/webhook/tls.crt"));
        assertEquals("/etc/webhook/tls.crt: holds no PEM certificate", e.getMessage());
    }

    @Test
    void pkcs8KeyIsRead() {
        PrivateKey key = CA.privateKey();
        assertArrayEquals(key.getEncoded(),
                Certificates.parsePrivateKey(Certificates.pem(key), null, "k.pem").getEncoded());
    }

    @Test
    void traditionalEcAndRsaKeysAreRead() throws Exception {
        byte[] ec = CertificatesFixtures.traditionalPem(CA.privateKey());
        assertTrue(new String(ec, StandardCharsets.US_ASCII).contains("BEGIN EC PRIVATE KEY"));
        assertTrue(Certificates.matches(Certificates.parsePrivateKey(ec, null, "ec.pem"), CA.certificate()));

        KeyPair rsa = rsaPair();
        Certificates.CertifiedKey server = Certificates.issueServer(CA, List.of("localhost"), rsa);
        byte[] pkcs1 = CertificatesFixtures.traditionalPem(rsa.getPrivate());
        assertTrue(new String(pkcs1, StandardCharsets.US_ASCII).contains("BEGIN RSA PRIVATE KEY"));
        PrivateKey read = Certificates.parsePrivateKey(pkcs1, null, "rsa.pem");
        assertEquals("RSA", read.getAlgorithm());
        assertTrue(Certificates.matches(read, server.certificate()));
    }

    @Test
    void encryptedKeysAreReadWithThePasswordOnly() {
        char[] password = "s3cret".toCharArray();
        for (byte[] pem : List.of(CertificatesFixtures.encryptedPkcs8Pem(CA.privateKey(), password),
                CertificatesFixtures.traditionalEncryptedPem(CA.privateKey(), password))) {
            PrivateKey read = Certificates.parsePrivateKey(pem, password, "enc.pem");
            assertEquals(((ECPrivateKey) CA.privateKey()).getS(), ((ECPrivateKey) read).getS());
            assertTrue(Certificates.matches(read, CA.certificate()));

            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> Certificates.parsePrivateKey(pem, null, "enc.pem"));
            assertEquals("enc.pem: the private key is encrypted, but no password is given", missing.getMessage());
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> Certificates.parsePrivateKey(pem, "wrong".toCharArray(), "enc.pem"));
            assertEquals("enc.pem: cannot decrypt the private key (wrong password?)", wrong.getMessage());
        }
    }

    @Test
    void fileWithoutKeyIsRefusedNamingItAndQuotingNothing() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () ->
                Certificates.parsePrivateKey(Certificates.pem(List.of(CA.certificate())), null, "tls.key"));
        assertEquals("tls.key: holds no PEM private key", none.getMessage());
        byte[] garbled = "-----BEGIN PRIVATE KEY-----\nAAAAsecretish\n-----END PRIVATE KEY-----\n"
                .getBytes(StandardCharsets.US_ASCII);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Certificates.parsePrivateKey(garbled, null, "tls.key"));
        assertTrue(bad.getMessage().startsWith("tls.key: not a valid PEM private key file"), bad.getMessage());
        assertFalse(bad.getMessage().contains("secretish"), bad.getMessage());
    }

    @Test
    void ipLiteralsAreRecognisedWithoutLookups() {
        assertTrue(Certificates.ipLiteral("127.0.0.1").isPresent());
        assertTrue(Certificates.ipLiteral("[2001:db8::1]").isPresent());
        assertTrue(Certificates.ipLiteral("::").orElseThrow().isAnyLocalAddress());
        assertFalse(Certificates.ipLiteral("localhost").isPresent());
        assertFalse(Certificates.ipLiteral("1.2.3").isPresent());
        assertFalse(Certificates.ipLiteral("300.1.1.1").isPresent());
    }

    static Set<String> sans(X509Certificate cert) {
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            return names.stream().map(n -> n.get(0) + ":" + n.get(1)).collect(Collectors.toSet());
        } catch (java.security.cert.CertificateParsingException e) {
            throw new AssertionError(e);
        }
    }

    static KeyPair rsaPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }
}
