package io.kopf4j.embedded.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A freshly generated EC P-256 key pair with a self-signed X.509 v3 certificate, built with the JDK alone: the
 * certificate is DER-encoded here (RFC 5280, X.690) and signed with {@link Signature} ({@code SHA256withECDSA}).
 * <p>
 * The certificate is its own CA ({@code basicConstraints CA:true}) and also usable as a TLS server or client
 * certificate, so a client can trust it directly as an anchor. Validity starts one hour before generation (to
 * tolerate clock skew) and ends {@code validity} after generation.
 * <p>
 * Not API.
 */
public final class SelfSignedCertificate {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Protects the key only inside in-memory key stores; it is never written anywhere. */
    private static final char[] IN_MEMORY_PASSWORD = "kopf4j-in-memory".toCharArray();

    private static final String OID_EC_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String OID_COMMON_NAME = "2.5.4.3";
    private static final String OID_SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String OID_KEY_USAGE = "2.5.29.15";
    private static final String OID_SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String OID_BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String OID_AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String OID_EXT_KEY_USAGE = "2.5.29.37";
    private static final String OID_KP_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String OID_KP_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)){3}");
    private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9*_.-]+");

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private SelfSignedCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Generates an EC P-256 (secp256r1) key pair and a self-signed X.509 v3 certificate signed with
     * {@code SHA256withECDSA}, valid from now-1h until now+{@code validity}, with subject/issuer
     * {@code CN=commonName}, a random positive 16-byte serial, and extensions: basicConstraints (CA:true, critical),
     * keyUsage (digitalSignature, keyCertSign; critical), extendedKeyUsage (serverAuth, clientAuth),
     * subjectAltName with the given DNS names and IP addresses (IPv4 and IPv6 literals; omitted when both lists
     * are empty), subjectKeyIdentifier and authorityKeyIdentifier (both the SHA-1 of the public key).
     *
     * @param commonName  the subject and issuer common name, not blank
     * @param dnsNames    DNS names (ASCII; wildcards allowed), possibly empty
     * @param ipAddresses IPv4 dotted-quad or IPv6 literals (optionally bracketed; no zone ids), possibly empty;
     *                    never resolved
     * @param validity    how long after now the certificate stays valid, positive
     * @throws IllegalArgumentException on a blank common name, an invalid DNS name or IP literal, or a
     *                                  non-positive validity
     * @throws IllegalStateException    when the JDK lacks EC P-256 or SHA256withECDSA
     */
    public static SelfSignedCertificate generate(String commonName, List<String> dnsNames, List<String> ipAddresses,
                                                 Duration validity) {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(validity, "validity");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName must not be blank");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        List<byte[]> generalNames = new ArrayList<>();
        for (String dns : List.copyOf(Objects.requireNonNull(dnsNames, "dnsNames"))) {
            if (!DNS_NAME.matcher(dns).matches()) {
                throw new IllegalArgumentException("Invalid DNS name for a certificate: " + dns);
            }
            generalNames.add(Der.tlv(0x82, dns.getBytes(StandardCharsets.US_ASCII))); // [2] IMPLICIT IA5String
        }
        for (String ip : List.copyOf(Objects.requireNonNull(ipAddresses, "ipAddresses"))) {
            generalNames.add(Der.tlv(0x87, parseIpLiteral(ip))); // [7] IMPLICIT OCTET STRING
        }

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(validity);

        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keyPair = generator.generateKeyPair();

            byte[] subjectPublicKeyInfo = keyPair.getPublic().getEncoded(); // X.509 SubjectPublicKeyInfo DER
            byte[] keyId = MessageDigest.getInstance("SHA-1").digest(subjectPublicKeyBits(subjectPublicKeyInfo));

            byte[] serial = new byte[16];
            RANDOM.nextBytes(serial);
            serial[0] = (byte) ((serial[0] & 0x7F) | 0x40); // positive, non-zero, exactly 16 content bytes

            byte[] signatureAlgorithm = Der.sequence(Der.oid(OID_EC_WITH_SHA256)); // parameters absent (RFC 5758)
            byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(OID_COMMON_NAME), Der.utf8String(commonName))));

            List<byte[]> extensions = new ArrayList<>();
            extensions.add(extension(OID_BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))));
            // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 01xx, two unused trailing bits.
            extensions.add(extension(OID_KEY_USAGE, true, Der.bitString(new byte[] {(byte) 0x84}, 2)));
            extensions.add(extension(OID_EXT_KEY_USAGE, false,
                    Der.sequence(Der.oid(OID_KP_SERVER_AUTH), Der.oid(OID_KP_CLIENT_AUTH))));
            if (!generalNames.isEmpty()) {
                extensions.add(extension(OID_SUBJECT_ALT_NAME, false,
                        Der.sequence(generalNames.toArray(new byte[0][]))));
            }
            extensions.add(extension(OID_SUBJECT_KEY_IDENTIFIER, false, Der.octetString(keyId)));
            extensions.add(extension(OID_AUTHORITY_KEY_IDENTIFIER, false,
                    Der.sequence(Der.tlv(0x80, keyId)))); // keyIdentifier [0] IMPLICIT

            byte[] tbsCertificate = Der.sequence(
                    Der.tlv(0xA0, Der.integer(BigInteger.TWO)), // [0] EXPLICIT version v3
                    Der.tlv(0x02, serial),
                    signatureAlgorithm,
                    name,
                    Der.sequence(Der.time(notBefore), Der.time(notAfter)),
                    name,
                    subjectPublicKeyInfo,
                    Der.tlv(0xA3, Der.sequence(extensions.toArray(new byte[0][])))); // [3] EXPLICIT extensions

            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keyPair.getPrivate(), RANDOM);
            signer.update(tbsCertificate);
            byte[] signature = signer.sign(); // DER ECDSA-Sig-Value

            byte[] encoded = Der.sequence(tbsCertificate, signatureAlgorithm, Der.bitString(signature, 0));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
            certificate.verify(keyPair.getPublic());
            return new SelfSignedCertificate(certificate, keyPair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a self-signed certificate", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** PEM text {@code -----BEGIN CERTIFICATE-----...} (64-char lines, trailing newline). */
    public String certificatePem() {
        try {
            return pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encode the certificate", e);
        }
    }

    /** PKCS#8 PEM {@code -----BEGIN PRIVATE KEY-----...} (unencrypted; 64-char lines, trailing newline). */
    public String privateKeyPem() {
        return pem("PRIVATE KEY", privateKey.getEncoded());
    }

    /** A new server-side SSLContext (TLS) holding this key and certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", privateKey, IN_MEMORY_PASSWORD, new Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, IN_MEMORY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, RANDOM);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build a server SSLContext", e);
        }
    }

    /** A new client-side SSLContext (TLS) that trusts exactly this certificate. */
    public SSLContext clientContext() {
        try {
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            trustStore.setCertificateEntry("trusted", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("Cannot build a client SSLContext", e);
        }
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[" + certificate.getSubjectX500Principal().getName()
                + ", serial=" + certificate.getSerialNumber().toString(16)
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value)); // DEFAULT FALSE is omitted in DER
    }

    /** The subjectPublicKey BIT STRING contents (without the unused-bits byte) of a SubjectPublicKeyInfo. */
    private static byte[] subjectPublicKeyBits(byte[] spki) {
        Der.Reader outer = new Der.Reader(spki, 0);
        Der.Reader inner = new Der.Reader(spki, outer.expect(0x30));
        inner.skip(0x30); // algorithm
        int start = inner.expect(0x03);
        if (spki[start] != 0) {
            throw new IllegalStateException("Unexpected unused bits in the public key");
        }
        byte[] bits = new byte[inner.contentLength() - 1];
        System.arraycopy(spki, start + 1, bits, 0, bits.length);
        return bits;
    }

    /** Parses an IPv4 dotted-quad or IPv6 literal into 4 or 16 bytes, without any name resolution. */
    static byte[] parseIpLiteral(String literal) {
        Objects.requireNonNull(literal, "ip address");
        String text = literal.startsWith("[") && literal.endsWith("]")
                ? literal.substring(1, literal.length() - 1) : literal;
        if (IPV4.matcher(text).matches()) {
            return parseIpv4(text);
        }
        byte[] v6 = text.indexOf(':') >= 0 ? parseIpv6(text) : null;
        if (v6 == null) {
            throw new IllegalArgumentException("Not an IPv4 or IPv6 literal: " + literal);
        }
        return v6;
    }

    private static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            bytes[i] = (byte) Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static byte[] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = ipv6Groups(gap >= 0 ? text.substring(0, gap) : text, gap < 0);
        List<Integer> tail = gap >= 0 ? ipv6Groups(text.substring(gap + 2), true) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int given = head.size() + tail.size();
        if (gap < 0 ? given != 8 : given > 7) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            bytes[2 * i] = (byte) (head.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (int) head.get(i);
        }
        int offset = 8 - tail.size();
        for (int i = 0; i < tail.size(); i++) {
            bytes[2 * (offset + i)] = (byte) (tail.get(i) >> 8);
            bytes[2 * (offset + i) + 1] = (byte) (int) tail.get(i);
        }
        return bytes;
    }

    /** 16-bit groups of a colon-separated part, an embedded IPv4 tail counting as two; null when malformed. */
    private static List<Integer> ipv6Groups(String part, boolean ipv4TailAllowed) {
        List<Integer> groups = new ArrayList<>();
        if (part.isEmpty()) {
            return groups;
        }
        String[] pieces = part.split(":", -1);
        for (int i = 0; i < pieces.length; i++) {
            String piece = pieces[i];
            if (i == pieces.length - 1 && ipv4TailAllowed && IPV4.matcher(piece).matches()) {
                byte[] v4 = parseIpv4(piece);
                groups.add(((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF));
                groups.add(((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF));
            } else if (HEX_GROUP.matcher(piece).matches()) {
                groups.add(Integer.parseInt(piece, 16));
            } else {
                return null;
            }
        }
        return groups;
    }

    /** A minimal DER (X.690) encoder, plus just enough of a reader to walk a SubjectPublicKeyInfo. */
    static final class Der {

        private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
        private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

        private Der() {
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                int octets = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
                out.write(0x80 | octets);
                for (int i = octets - 1; i >= 0; i--) {
                    out.write(length >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... elements) {
            return tlv(0x30, concat(elements));
        }

        /** A SET OF; callers pass a single element or elements already in DER order. */
        static byte[] set(byte[]... elements) {
            return tlv(0x31, concat(elements));
        }

        static byte[] integer(BigInteger value) {
            return tlv(0x02, value.toByteArray()); // two's complement, minimal
        }

        static byte[] bool(boolean value) {
            return tlv(0x01, new byte[] {(byte) (value ? 0xFF : 0x00)});
        }

        static byte[] octetString(byte[] value) {
            return tlv(0x04, value);
        }

        static byte[] bitString(byte[] bits, int unusedBits) {
            byte[] content = new byte[bits.length + 1];
            content[0] = (byte) unusedBits;
            System.arraycopy(bits, 0, content, 1, bits.length);
            return tlv(0x03, content);
        }

        static byte[] utf8String(String value) {
            return tlv(0x0C, value.getBytes(StandardCharsets.UTF_8));
        }

        static byte[] oid(String dotted) {
            String[] arcs = dotted.split("\\.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
            for (int i = 2; i < arcs.length; i++) {
                base128(out, Long.parseLong(arcs[i]));
            }
            return tlv(0x06, out.toByteArray());
        }

        /** UTCTime through 2049, GeneralizedTime from 2050 on (RFC 5280 section 4.1.2.5). */
        static byte[] time(Instant instant) {
            ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
            if (utc.getYear() >= 1950 && utc.getYear() < 2050) {
                return tlv(0x17, UTC_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
            }
            return tlv(0x18, GENERALIZED_TIME.format(utc).getBytes(StandardCharsets.US_ASCII));
        }

        private static void base128(ByteArrayOutputStream out, long value) {
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
            for (int i = groups - 1; i >= 0; i--) {
                int septet = (int) ((value >>> (7 * i)) & 0x7F);
                out.write(i == 0 ? septet : septet | 0x80);
            }
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                out.writeBytes(part);
            }
            return out.toByteArray();
        }

        /** Walks consecutive TLVs starting at an offset; definite lengths only. */
        static final class Reader {
            private final byte[] data;
            private int position;
            private int contentLength;

            Reader(byte[] data, int position) {
                this.data = data;
                this.position = position;
            }

            /** Reads a header with the expected tag, returns its content offset and moves past the element. */
            int expect(int tag) {
                if (position >= data.length || (data[position] & 0xFF) != tag) {
                    throw new IllegalStateException("Unexpected DER tag at offset " + position);
                }
                int cursor = position + 1;
                int first = data[cursor++] & 0xFF;
                int length;
                if (first < 0x80) {
                    length = first;
                } else {
                    int octets = first & 0x7F;
                    if (octets == 0 || octets > 3) {
                        throw new IllegalStateException("Unsupported DER length at offset " + position);
                    }
                    length = 0;
                    for (int i = 0; i < octets; i++) {
                        length = (length << 8) | (data[cursor++] & 0xFF);
                    }
                }
                if (cursor + length > data.length) {
                    throw new IllegalStateException("Truncated DER element at offset " + position);
                }
                contentLength = length;
                position = cursor + length;
                return cursor;
            }

            void skip(int tag) {
                expect(tag);
            }

            int contentLength() {
                return contentLength;
            }
        }
    }
}
