package io.kopf4j.internal.admission;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** Key files, client TLS contexts and probes for the webhook TLS tests. */
final class CertificatesFixtures {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private CertificatesFixtures() {
    }

    /** Writes a chain and an unencrypted PKCS#8 key, each by a move, so a reader never sees half a file. */
    static void writePair(Certificates.CertifiedKey key, Path certFile, Path keyFile) {
        write(certFile, Certificates.pem(key.chain()));
        write(keyFile, Certificates.pem(key.privateKey()));
    }

    static void write(Path file, byte[] content) {
        try {
            Path temp = Files.createTempFile(file.getParent(), "tmp", ".pem");
            Files.write(temp, content);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OpenSSL's older forms: {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1). */
    static byte[] traditionalPem(PrivateKey key) {
        return pemWriter(w -> w.writeObject(new JcaMiscPEMGenerator(traditional(key))));
    }

    /** OpenSSL's older encrypted form: {@code Proc-Type: 4,ENCRYPTED} with AES-256-CBC. */
    static byte[] traditionalEncryptedPem(PrivateKey key, char[] password) {
        return pemWriter(w -> w.writeObject(new JcaMiscPEMGenerator(traditional(key),
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(BC).build(password))));
    }

    /** {@code ENCRYPTED PRIVATE KEY}: PKCS#8 with PBES2 and AES-256-CBC, as {@code openssl pkcs8 -topk8} writes. */
    static byte[] encryptedPkcs8Pem(PrivateKey key, char[] password) {
        return pemWriter(w -> {
            try {
                w.writeObject(new JcaPKCS8Generator(key, new JceOpenSSLPKCS8EncryptorBuilder(
                        JcaPKCS8Generator.AES_256_CBC).setProvider(BC).setPassword(password).build()));
            } catch (OperatorCreationException e) {
                throw new IOException(e);
            }
        });
    }

    /**
     * The key as OpenSSL writes it: an EC key names its curve inside the SEC1 structure too (the JDK's PKCS#8 form
     * names it only outside, which Bouncy Castle's writer would drop).
     */
    private static PrivateKeyInfo traditional(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (!(key instanceof ECPrivateKey ec)) {
            return info;
        }
        org.bouncycastle.asn1.sec.ECPrivateKey inner =
                org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        ASN1Encodable curve = info.getPrivateKeyAlgorithm().getParameters();
        return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), new org.bouncycastle.asn1.sec.ECPrivateKey(
                ec.getParams().getOrder().bitLength(), inner.getKey(), inner.getPublicKey(), curve));
    }

    private interface PemWriting {
        void write(JcaPEMWriter writer) throws IOException;
    }

    private static byte[] pemWriter(PemWriting writing) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Writer raw = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
             JcaPEMWriter writer = new JcaPEMWriter(raw)) {
            writing.write(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A client context that trusts only this PEM bundle, and presents a client certificate if one is given, whatever
     * CAs the server names as acceptable (as Go's TLS client in the API server does; the JDK's own key managers
     * would rather send nothing).
     */
    static SSLContext clientContext(byte[] trustedPem, Certificates.CertifiedKey clientKey) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> cas = Certificates.parseCertificates(trustedPem, "trusted bundle");
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManager[] keys = clientKey == null ? null : new KeyManager[]{new PresentingKeyManager(clientKey)};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Always offers the one client certificate. */
    private static final class PresentingKeyManager extends X509ExtendedKeyManager {
        private final Certificates.CertifiedKey key;

        PresentingKeyManager(Certificates.CertifiedKey key) {
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[]{"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return key.chain().toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key.privateKey();
        }
    }

    /**
     * Connects to 127.0.0.1 with a fresh client context (so no session is resumed), as if to {@code hostName}, with
     * HTTPS host name checking, and returns the server certificate of the handshake.
     */
    static X509Certificate serverCertificate(int port, String hostName, byte[] trustedPem) throws IOException {
        SSLContext context = clientContext(trustedPem, null);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            plain.setSoTimeout(10_000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, hostName, port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
        }
    }

    /**
     * What is logged while a test runs: the test log binding (slf4j-simple) writes to whatever {@code System.err}
     * is at the time of each line, so this tees it into a buffer until closed.
     */
    static final class CapturedLog implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        CapturedLog() {
            OutputStream tee = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[]{(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    original.write(b, off, len);
                    synchronized (buffer) {
                        buffer.write(b, off, len);
                    }
                }
            };
            System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        }

        List<String> lines() {
            synchronized (buffer) {
                return Arrays.asList(buffer.toString(StandardCharsets.UTF_8).split("\\R"));
            }
        }

        List<String> warnings() {
            return lines().stream().filter(l -> l.contains(" WARN ")).toList();
        }

        @Override
        public void close() {
            System.setErr(original);
        }
    }
}
