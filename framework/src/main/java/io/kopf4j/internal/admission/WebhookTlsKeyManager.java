package io.kopf4j.internal.admission;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook server's key manager: it serves one certificate chain and key, and with certificate files it re-reads
 * them when a client connects and the last check is at least the check interval ago. A changed, valid pair replaces
 * the served one for new connections; a broken one (unreadable, not PEM, a key that does not fit the certificate) is
 * reported once with a warning naming the file, and the previous certificate stays in service.
 *
 * <p>Each version has its own alias, and the previous version stays resolvable, so a handshake that chose its
 * alias just before a renewal still gets a matching chain and key. Server side only: it offers no client
 * certificates.
 */
final class WebhookTlsKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTls.class);

    /**
     * One version of the served certificate.
     *
     * @param alias the name of this version
     * @param privateKey the key
     * @param chain the certificate first, then its CAs as given
     * @param caBundle the CA bundle (PEM) that clients should trust
     * @param fingerprint the files' digest, or null for generated material
     */
    record Material(String alias, PrivateKey privateKey, List<X509Certificate> chain, byte[] caBundle,
                    byte[] fingerprint) {
        Material {
            chain = List.copyOf(chain);
        }

        X509Certificate certificate() {
            return chain.get(0);
        }

        /** Names the certificate, never the key. */
        @Override
        public String toString() {
            return "Material[" + alias + ", " + describe(certificate()) + "]";
        }
    }

    private final WebhookTlsFiles files;
    private final long intervalNanos;
    private final Consumer<Material> onRenewal;
    private volatile Material current;
    private volatile Material previous;
    /** When the files were last checked (System.nanoTime); guarded by this. */
    private long lastCheck;
    /** What was last reported as wrong with the files, so that it is reported once; guarded by this. */
    private String lastProblem;
    private int generation;

    /**
     * A key manager that always serves the same material.
     *
     * @param material the material
     */
    WebhookTlsKeyManager(Material material) {
        this(material, null, Duration.ZERO, m -> { });
    }

    /**
     * A key manager that re-reads files.
     *
     * @param initial the material first read from the files
     * @param files the files, or null for fixed material
     * @param interval at most how often to check the files
     * @param onRenewal called (on the connecting thread) after new material replaced the old
     */
    WebhookTlsKeyManager(Material initial, WebhookTlsFiles files, Duration interval, Consumer<Material> onRenewal) {
        this.current = initial;
        this.files = files;
        this.intervalNanos = interval.toNanos();
        this.onRenewal = onRenewal;
        this.lastCheck = System.nanoTime();
    }

    /**
     * The material served to new connections.
     *
     * @return the current version
     */
    Material current() {
        return current;
    }

    /** The alias of the first version: the one given to the constructor. */
    static String firstAlias() {
        return alias(0);
    }

    private static String alias(int generation) {
        return "kopf4j-webhook-" + generation;
    }

    /** Re-reads the files if they are due for a check, and switches to their content if it changed and is valid. */
    void checkFiles() {
        if (files == null) {
            return;
        }
        Material renewed;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - lastCheck < intervalNanos) {
                return;
            }
            lastCheck = now;
            renewed = reload();
        }
        if (renewed != null) {
            onRenewal.accept(renewed);
        }
    }

    /** Called under the lock: the new material if the files changed and are valid, else null. */
    private Material reload() {
        Material served = current;
        try {
            WebhookTlsFiles.Snapshot snapshot = files.read();
            if (Arrays.equals(snapshot.fingerprint(), served.fingerprint())) {
                lastProblem = null;
                return null;
            }
            String problem = HexFormat.of().formatHex(snapshot.fingerprint());
            if (problem.equals(lastProblem)) {
                return null; // the same broken content as before: already reported
            }
            try {
                Material renewed = files.load(snapshot, alias(generation + 1));
                generation++;
                previous = served;
                current = renewed;
                lastProblem = null;
                LOG.info("Serving the renewed webhook certificate from {}: {}", files.certFile(),
                        describe(renewed.certificate()));
                return renewed;
            } catch (RuntimeException e) {
                lastProblem = problem;
                warn(e, served);
                return null;
            }
        } catch (RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (!problem.equals(lastProblem)) {
                lastProblem = problem;
                warn(e, served);
            }
            return null;
        }
    }

    private static void warn(RuntimeException e, Material served) {
        LOG.warn("The webhook certificate files changed but cannot be used: {}. Still serving the previous "
                + "certificate ({}).", e.getMessage(), describe(served.certificate()));
    }

    /**
     * A certificate in a few words for logs: subject, serial number, expiry.
     *
     * @param cert the certificate
     * @return the description
     */
    static String describe(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName() + ", serial " + cert.getSerialNumber().toString(16)
                + ", valid until " + cert.getNotAfter().toInstant();
    }

    private String aliasFor(String keyType) {
        checkFiles();
        Material m = current;
        String algorithm = Certificates.keyAlgorithm(m.certificate().getPublicKey().getAlgorithm());
        return algorithm.equals(Certificates.keyAlgorithm(keyType)) ? m.alias() : null;
    }

    private Material byAlias(String alias) {
        Material m = current;
        if (m.alias().equals(alias)) {
            return m;
        }
        Material p = previous;
        return p != null && p.alias().equals(alias) ? p : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[]{alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Material m = byAlias(alias);
        return m == null ? null : m.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Material m = byAlias(alias);
        return m == null ? null : m.privateKey();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }
}
