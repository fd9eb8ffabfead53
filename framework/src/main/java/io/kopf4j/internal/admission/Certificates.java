package io.kopf4j.internal.admission;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.bc.BcPEMDecryptorProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.util.IPAddress;

/**
 * X.509 certificates and PEM files for the webhook server, built on Bouncy Castle: generating a CA and the
 * certificates it signs (EC P-256, SHA-256 with ECDSA), writing certificates as PEM, and reading PEM certificate
 * chains and private keys (PKCS#8, PKCS#1 RSA, SEC1 EC; optionally encrypted). Keys are the JDK's own; Bouncy
 * Castle's JCA provider only decrypts PKCS#8 keys (passed explicitly, never registered).
 *
 * <p>Errors about files name the file (as {@code source}) and never include key material. Not API.
 */
public final class Certificates {

    /** How long generated certificates are valid: ten years, as they live only as long as the process. */
    private static final Duration VALIDITY = Duration.ofDays(3650);
    /** How far back generated certificates are valid from, to tolerate clocks that lag behind. */
    private static final Duration BACKDATING = Duration.ofHours(1);
    /** The longest common name X.520 allows. */
    private static final int MAX_COMMON_NAME = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {
    }

    /**
     * A private key with its certificate chain, the key's own certificate first.
     *
     * @param privateKey the key
     * @param chain the certificate and then the CAs that signed it, at least one
     */
    public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {
        /**
         * Checks and copies.
         *
         * @param privateKey the key
         * @param chain at least one certificate
         */
        public CertifiedKey {
            Objects.requireNonNull(privateKey, "privateKey");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("A certified key needs at least one certificate");
            }
        }

        /**
         * The key's own certificate.
         *
         * @return the first certificate of the chain
         */
        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** Names the certificate, never the key. */
        @Override
        public String toString() {
            return "CertifiedKey[" + certificate().getSubjectX500Principal() + ", serial "
                    + certificate().getSerialNumber().toString(16) + "]";
        }
    }

    /**
     * Generates a self-signed CA: {@code CA:true} with no intermediate CAs below it, usable only to sign certificates
     * and CRLs.
     *
     * @param commonName the CA's name
     * @return the CA's key and certificate
     */
    public static CertifiedKey generateCa(String commonName) {
        KeyPair pair = newKeyPair();
        X500Name name = commonName(commonName);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = builder(name, name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            return new CertifiedKey(pair.getPrivate(), List.of(sign(builder, pair.getPrivate())));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a CA certificate", e);
        }
    }

    /**
     * Generates a key and a server certificate ({@code serverAuth}) signed by a CA, for these names. IP addresses
     * become IP names, everything else DNS names; the first DNS name (else the first address) is the common name.
     *
     * @param ca the signing CA
     * @param names the host names and addresses, at least one (see {@link #subjectAltName(String)})
     * @return the key with the chain [server certificate, CA certificate]
     */
    public static CertifiedKey issueServer(CertifiedKey ca, List<String> names) {
        return issue(ca, names, KeyPurposeId.id_kp_serverAuth, newKeyPair());
    }

    /**
     * A server certificate as {@link #issueServer(CertifiedKey, List)} does, for a given key pair (e.g. RSA).
     *
     * @param ca the signing CA
     * @param names the host names and addresses
     * @param keyPair the server's keys
     * @return the key with the chain [server certificate, CA certificate]
     */
    static CertifiedKey issueServer(CertifiedKey ca, List<String> names, KeyPair keyPair) {
        return issue(ca, names, KeyPurposeId.id_kp_serverAuth, keyPair);
    }

    /**
     * Generates a key and a client certificate ({@code clientAuth}) signed by a CA, as API servers present to
     * webhooks that check client certificates.
     *
     * @param ca the signing CA
     * @param commonName the client's name (also its only DNS name)
     * @return the key with the chain [client certificate, CA certificate]
     */
    public static CertifiedKey issueClient(CertifiedKey ca, String commonName) {
        return issue(ca, List.of(commonName), KeyPurposeId.id_kp_clientAuth, newKeyPair());
    }

    private static CertifiedKey issue(CertifiedKey ca, List<String> names, KeyPurposeId purpose, KeyPair pair) {
        List<GeneralName> sans = new ArrayList<>();
        String dnsName = null;
        String ipName = null;
        for (String raw : names) {
            GeneralName san = subjectAltName(raw);
            sans.add(san);
            if (san.getTagNo() == GeneralName.dNSName && dnsName == null) {
                dnsName = san.getName().toString();
            } else if (san.getTagNo() == GeneralName.iPAddress && ipName == null) {
                ipName = ipLiteral(raw).map(InetAddress::getHostAddress).orElse(raw);
            }
        }
        if (sans.isEmpty()) {
            throw new IllegalArgumentException("A certificate needs at least one name");
        }
        String cn = dnsName != null ? dnsName : ipName;
        if (cn.length() > MAX_COMMON_NAME) {
            cn = "kopf4j webhook";
        }
        X509Certificate caCert = ca.certificate();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()), commonName(cn),
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            boolean rsa = "RSA".equals(keyAlgorithm(pair.getPublic().getAlgorithm()));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | (rsa ? KeyUsage.keyEncipherment : 0)));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(pair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = sign(builder, ca.privateKey());
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(cert);
            chain.addAll(ca.chain());
            return new CertifiedKey(pair.getPrivate(), chain);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build a certificate for " + names, e);
        }
    }

    /**
     * The subject alternative name for a host name or address: an IP name for an IPv4 or IPv6 literal (brackets
     * and an IPv6 zone are dropped), else a DNS name (lower-cased). Nothing is looked up.
     *
     * @param name the host name or address
     * @return the name
     */
    static GeneralName subjectAltName(String name) {
        Optional<InetAddress> ip = ipLiteral(name);
        if (ip.isPresent()) {
            return new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.get().getAddress()));
        }
        String dns = name.trim().toLowerCase(Locale.ROOT);
        if (dns.isEmpty() || !dns.matches("[a-z0-9*_.-]+")) {
            throw new IllegalArgumentException("Not a host name or IP address: '" + name + "'");
        }
        return new GeneralName(GeneralName.dNSName, dns);
    }

    /**
     * Parses an IPv4 or IPv6 literal without any lookup.
     *
     * @param name a host name or address, IPv6 possibly in brackets or with a zone
     * @return the address, or empty for anything that is not an IP literal
     */
    static Optional<InetAddress> ipLiteral(String name) {
        String s = name.trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0 && IPAddress.isValidIPv6(s.substring(0, zone))) {
            s = s.substring(0, zone);
        }
        if (!IPAddress.isValid(s)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(s)); // a literal: parsed, not resolved
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * Certificates as PEM, one block each.
     *
     * @param certificates the certificates
     * @return the PEM text in ASCII
     */
    public static byte[] pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate cert : certificates) {
            try {
                out.append(pemBlock("CERTIFICATE", cert.getEncoded()));
            } catch (CertificateException e) {
                throw new IllegalStateException("Cannot encode certificate " + cert.getSubjectX500Principal(), e);
            }
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A private key as unencrypted PKCS#8 PEM ({@code PRIVATE KEY}), for writing key files; never for logs.
     *
     * @param key the key
     * @return the PEM text in ASCII
     */
    public static byte[] pem(PrivateKey key) {
        return pemBlock("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII);
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /**
     * Reads the certificates of a PEM text, in order; other PEM blocks (such as keys) are skipped.
     *
     * @param pem the PEM text
     * @param source what the text is, for errors (e.g. the file name)
     * @return at least one certificate
     * @throws IllegalArgumentException if the text is not PEM or holds no certificate
     */
    public static List<X509Certificate> parseCertificates(byte[] pem, String source) {
        List<X509Certificate> certs = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = parser(pem)) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    certs.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a valid PEM certificate file: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(source + ": holds no PEM certificate");
        }
        return certs;
    }

    /**
     * Reads the first private key of a PEM text: {@code PRIVATE KEY} (PKCS#8), {@code ENCRYPTED PRIVATE KEY}
     * (PKCS#8, e.g. PBES2 with AES), {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY} (OpenSSL's older forms,
     * possibly encrypted with {@code Proc-Type: 4,ENCRYPTED}).
     *
     * @param pem the PEM text
     * @param password the password of an encrypted key, or null
     * @param source what the text is, for errors (e.g. the file name)
     * @return the key
     * @throws IllegalArgumentException if there is no key, or it is encrypted and the password is missing or wrong
     */
    public static PrivateKey parsePrivateKey(byte[] pem, char[] password, String source) {
        PEMParser parser = parser(pem);
        while (true) {
            Object item;
            try {
                item = parser.readObject();
            } catch (IOException | RuntimeException e) {
                // The parser's message may quote the malformed data: only its kind is told.
                throw new IllegalArgumentException(source + ": not a valid PEM private key file ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (item == null) {
                throw new IllegalArgumentException(source + ": holds no PEM private key");
            }
            PrivateKeyInfo info = privateKeyInfo(item, password, source);
            if (info != null) {
                return jdkPrivateKey(info, source);
            }
        }
    }

    private static PrivateKeyInfo privateKeyInfo(Object item, char[] password, String source) {
        if (item instanceof PrivateKeyInfo info) {
            return info;
        } else if (item instanceof PEMKeyPair pair) {
            return pair.getPrivateKeyInfo();
        } else if (!(item instanceof PKCS8EncryptedPrivateKeyInfo) && !(item instanceof PEMEncryptedKeyPair)) {
            return null; // EC parameters, certificates and the like
        }
        if (password == null) {
            throw new IllegalArgumentException(source + ": the private key is encrypted, but no password is given");
        }
        try {
            if (item instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                // PBES2 needs ciphers the JDK lacks (AES with PKCS#7 padding): Bouncy Castle's own provider, used
                // here only and never registered.
                return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                        .setProvider(BouncyCastleHolder.PROVIDER).build(password));
            }
            return ((PEMEncryptedKeyPair) item).decryptKeyPair(new BcPEMDecryptorProvider(password))
                    .getPrivateKeyInfo();
        } catch (PKCSException | OperatorCreationException | IOException | RuntimeException e) {
            throw new IllegalArgumentException(source + ": cannot decrypt the private key (wrong password?)");
        }
    }

    /** A key of the JDK's own providers, which TLS and signatures use best. */
    private static PrivateKey jdkPrivateKey(PrivateKeyInfo info, String source) {
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case "1.2.840.113549.1.1.1" -> "RSA";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            case "1.2.840.10045.2.1" -> "EC";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            case "1.2.840.10040.4.1" -> "DSA";
            default -> oid;
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException(source + ": unsupported or invalid private key (algorithm "
                    + algorithm + ")", e);
        }
    }

    /** Bouncy Castle's provider, made when first needed. */
    private static final class BouncyCastleHolder {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /**
     * Checks that a private key belongs to a certificate, by signing a probe with the one and verifying it with the
     * other (RSA, EC, EdDSA); keys of other kinds are only checked for a matching algorithm.
     *
     * @param key the private key
     * @param certificate the certificate
     * @return true if they belong together
     */
    public static boolean matches(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        String keyAlgorithm = keyAlgorithm(key.getAlgorithm());
        if (!keyAlgorithm.equals(keyAlgorithm(publicKey.getAlgorithm()))) {
            return false;
        }
        String signatureAlgorithm = switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (signatureAlgorithm == null) {
            return true;
        }
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * The key algorithm as TLS key managers are asked for it: {@code RSA}, {@code EC}, {@code EdDSA}, or as given.
     *
     * @param algorithm a key's {@code getAlgorithm()}
     * @return the normalised name
     */
    static String keyAlgorithm(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "EC", "ECDSA" -> "EC";
            case "RSA" -> "RSA";
            case "EDDSA", "ED25519", "ED448" -> "EdDSA";
            default -> algorithm;
        };
    }

    /**
     * Reads a whole file.
     *
     * @param file the file
     * @return its bytes
     * @throws IllegalArgumentException naming the file if it cannot be read
     */
    static byte[] readFile(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static PEMParser parser(byte[] pem) {
        Reader reader = new InputStreamReader(new ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
        return new PEMParser(reader);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK cannot generate EC P-256 keys", e);
        }
    }

    private static X500Name commonName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        BigInteger serial = new BigInteger(159, RANDOM).add(BigInteger.ONE);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(BACKDATING)),
                Date.from(now.plus(VALIDITY)), subject, key);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws CertificateException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Cannot sign a certificate", e);
        }
    }
}
