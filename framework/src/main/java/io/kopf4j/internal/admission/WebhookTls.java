package io.kopf4j.internal.admission;

import io.kopf4j.WebhookServer;
import io.kopf4j.WebhookServer.VerifyMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS side of the webhook server, made from a {@link WebhookServer} description: the server's
 * {@link SSLContext} and the CA bundle that the webhook configurations must trust.
 *
 * <ul>
 *   <li><b>Generated</b> (no certificate files): a self-signed CA and a server certificate signed by it, both EC
 *       P-256, valid for ten years, kept in memory only. The server certificate names the host, the listening
 *       address(es), {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the machine's host name and the extra names
 *       (IP literals as IP names, the rest as DNS names; unspecified addresses such as {@code 0.0.0.0} left out).
 *       The CA bundle is the generated CA; the description's CA file and data are ignored.</li>
 *   <li><b>Given files</b>: the PEM certificate chain and private key (PKCS#8 or OpenSSL's RSA/EC forms, encrypted
 *       ones decrypted with the password). They are checked for changes when clients connect, at most every
 *       {@linkplain WebhookServer#fileCheckInterval() check interval}; a renewed, valid pair is served to new
 *       connections, a broken one is warned about once and the previous pair stays in service. The CA bundle is
 *       the CA data, else the CA file, else the top certificate of the chain.</li>
 *   <li><b>Client certificates</b>: with {@link VerifyMode#OPTIONAL} or {@link VerifyMode#REQUIRED} (the former is
 *       the default when a CA to check them is given), the context asks clients for certificates by itself: its
 *       engines, server sockets and default parameters have want/need-client-auth set. They are checked against
 *       the verify CA file, directory and data together, or the JDK's default trust store when none is given.
 *       Unlike Kopf (whose default context also trusts the system CAs), given CAs are the only ones trusted.</li>
 * </ul>
 *
 * <p>The CA bundle is written to the description's {@code caDump} file, if any, at creation and whenever renewed
 * files bring another bundle. Private keys are never logged nor written. Not API.
 */
public final class WebhookTls {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookTls.class);
    private static final String CA_NAME = "kopf4j webhook CA";

    private final WebhookTlsKeyManager keyManager;
    private final SSLContext sslContext;
    private final VerifyMode verifyMode;
    private final Path caDump;
    private final List<Consumer<byte[]>> caBundleListeners = new CopyOnWriteArrayList<>();
    /** The bundle last written and told to listeners; guarded by this. */
    private byte[] announcedBundle;

    private WebhookTls(WebhookTlsKeyManager.Material initial, WebhookTlsFiles files, WebhookServer spec)
            throws GeneralSecurityException {
        this.caDump = spec.caDump().orElse(null);
        this.announcedBundle = initial.caBundle();
        this.verifyMode = verifyMode(spec);
        this.keyManager = new WebhookTlsKeyManager(initial, files, spec.fileCheckInterval(), this::renewed);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[]{keyManager}, verifyMode == VerifyMode.NONE ? null : clientTrust(spec), null);
        this.sslContext = verifyMode == VerifyMode.NONE ? context : new WebhookTlsContext(context, verifyMode);
        if (caDump != null) {
            dump(initial.caBundle());
        }
    }

    /**
     * Makes the TLS material of a webhook server: generates it, or reads the given files.
     *
     * @param spec the server's description; not {@linkplain WebhookServer#insecure() insecure}
     * @param listenAddresses the addresses or host names the server listens on (no ports), for the generated
     *     certificate's names; unspecified ones ({@code 0.0.0.0}, {@code ::}) are left out
     * @return the material
     * @throws IllegalArgumentException if the description is insecure, or a file is unreadable or invalid (the
     *     message names the file)
     * @throws UncheckedIOException if the CA bundle cannot be written to the dump file
     */
    public static WebhookTls from(WebhookServer spec, List<String> listenAddresses) {
        if (spec.insecure()) {
            throw new IllegalArgumentException("An insecure (plain HTTP) webhook server has no TLS: " + spec);
        }
        try {
            if (spec.certFile().isPresent() && spec.pkeyFile().isPresent()) {
                WebhookTlsFiles files = new WebhookTlsFiles(spec.certFile().get(), spec.pkeyFile().get(),
                        spec.password().orElse(null), spec.caFile().orElse(null), spec.caData().orElse(null));
                WebhookTlsKeyManager.Material initial = files.load(files.read(), WebhookTlsKeyManager.firstAlias());
                LOG.info("Serving the webhook certificate from {}: {}", files.certFile(),
                        WebhookTlsKeyManager.describe(initial.certificate()));
                return new WebhookTls(initial, files, spec);
            }
            List<String> names = generatedNames(spec, listenAddresses, machineHostName());
            Certificates.CertifiedKey ca = Certificates.generateCa(CA_NAME);
            Certificates.CertifiedKey server = Certificates.issueServer(ca, names);
            LOG.info("Generated a self-signed CA and webhook certificate for {}", names);
            WebhookTlsKeyManager.Material initial = new WebhookTlsKeyManager.Material(
                    WebhookTlsKeyManager.firstAlias(), server.privateKey(), List.of(server.certificate()),
                    Certificates.pem(List.of(ca.certificate())), null);
            return new WebhookTls(initial, null, spec);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot set up TLS for the webhook server: " + e.getMessage(), e);
        }
    }

    /**
     * The server's TLS context: it serves the current certificate and, if the description asks for it, checks
     * client certificates (see the class description). Use it as it is, e.g. {@code new HttpsConfigurator(ctx)}
     * without overriding {@code configure}, or apply {@code ctx.getDefaultSSLParameters()}.
     *
     * @return the context, initialised
     */
    public SSLContext sslContext() {
        return sslContext;
    }

    /**
     * The CA bundle that clients (the API servers) must trust, for {@code clientConfig.caBundle} (base64 it there).
     * With certificate files, this follows their renewals.
     *
     * @return a copy of the PEM bytes
     */
    public byte[] caBundlePem() {
        return keyManager.current().caBundle().clone();
    }

    /**
     * The server certificate given to new connections.
     *
     * @return the certificate
     */
    public X509Certificate certificate() {
        return keyManager.current().certificate();
    }

    /**
     * Whether client certificates are asked for, after the defaults are applied.
     *
     * @return the mode in force
     */
    public VerifyMode verifyMode() {
        return verifyMode;
    }

    /**
     * Checks the certificate files now (if they are due for a check): handshakes check them too, but an API server
     * that keeps its connections open makes none, so the operator also checks on a timer.
     */
    public void checkFiles() {
        keyManager.checkFiles();
    }

    /**
     * Registers a listener for renewed certificate files that bring another CA bundle (e.g. to update the managed
     * webhook configurations). It runs on the thread of the connection that noticed the renewal, after the dump
     * file is rewritten; long work should be handed off.
     *
     * @param listener gets the new PEM bundle
     */
    public void onCaBundleChange(Consumer<byte[]> listener) {
        caBundleListeners.add(listener);
    }

    private synchronized void renewed(WebhookTlsKeyManager.Material material) {
        byte[] bundle = material.caBundle();
        if (Arrays.equals(bundle, announcedBundle)) {
            return;
        }
        announcedBundle = bundle;
        if (caDump != null) {
            try {
                dump(bundle);
            } catch (UncheckedIOException e) {
                LOG.warn("Cannot write the renewed webhook CA bundle to {}: {}", caDump, e.getCause().toString());
            }
        }
        for (Consumer<byte[]> listener : caBundleListeners) {
            try {
                listener.accept(bundle.clone());
            } catch (RuntimeException e) {
                LOG.warn("A listener of the webhook CA bundle failed", e);
            }
        }
    }

    /** Writes the bundle next to the dump file and moves it in place, so readers never see half of it. */
    private void dump(byte[] bundle) {
        try {
            Path parent = caDump.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, caDump.getFileName().toString(), ".tmp");
            try {
                Files.write(temp, bundle);
                try {
                    Files.move(temp, caDump, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, caDump, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the webhook CA bundle to " + caDump, e);
        }
    }

    /**
     * The names of a generated server certificate, in order, without duplicates: the host, the address, the
     * listening addresses, {@code localhost}, the loopback addresses, the machine's name, the extra names.
     *
     * @param spec the description
     * @param listenAddresses where the server listens
     * @param machineHostName the machine's host name, or null
     * @return the names; IP literals in their canonical form
     */
    static List<String> generatedNames(WebhookServer spec, List<String> listenAddresses, String machineHostName) {
        List<String> candidates = new ArrayList<>();
        spec.host().ifPresent(candidates::add);
        spec.addr().ifPresent(candidates::add);
        candidates.addAll(listenAddresses);
        candidates.addAll(List.of("localhost", "127.0.0.1", "::1"));
        if (machineHostName != null) {
            candidates.add(machineHostName);
        }
        candidates.addAll(spec.extraSans());
        Map<String, String> names = new LinkedHashMap<>();
        for (String candidate : candidates) {
            if (candidate == null || candidate.isBlank()) {
                continue;
            }
            Optional<InetAddress> ip = Certificates.ipLiteral(candidate);
            if (ip.isPresent()) {
                if (!ip.get().isAnyLocalAddress()) {
                    names.putIfAbsent(ip.get().getHostAddress(), ip.get().getHostAddress());
                }
            } else {
                String dns = candidate.trim().toLowerCase(Locale.ROOT);
                Certificates.subjectAltName(dns); // fails early, naming a malformed extra name
                names.putIfAbsent(dns, dns);
            }
        }
        return List.copyOf(names.values());
    }

    private static String machineHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }

    private static VerifyMode verifyMode(WebhookServer spec) {
        if (spec.verifyMode().isPresent()) {
            return spec.verifyMode().get();
        }
        boolean hasCa = spec.verifyCaFile().isPresent() || spec.verifyCaPath().isPresent()
                || spec.verifyCaData().isPresent();
        return hasCa ? VerifyMode.OPTIONAL : VerifyMode.NONE;
    }

    /** Trust in the verify CAs, or null (the JDK's default trust) when none is given. */
    private static TrustManager[] clientTrust(WebhookServer spec) throws GeneralSecurityException {
        List<X509Certificate> cas = new ArrayList<>();
        if (spec.verifyCaFile().isPresent()) {
            Path file = spec.verifyCaFile().get();
            cas.addAll(Certificates.parseCertificates(Certificates.readFile(file), file.toString()));
        }
        if (spec.verifyCaPath().isPresent()) {
            cas.addAll(certificatesIn(spec.verifyCaPath().get()));
        }
        if (spec.verifyCaData().isPresent()) {
            cas.addAll(Certificates.parseCertificates(spec.verifyCaData().get().getBytes(StandardCharsets.US_ASCII),
                    "the webhook server's verify CA data"));
        }
        if (cas.isEmpty()) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create an in-memory key store", e);
        }
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("client-ca-" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        LOG.debug("Checking webhook client certificates against {} CA certificate(s)", cas.size());
        return factory.getTrustManagers();
    }

    /** The certificates of a directory's PEM files (like OpenSSL's CApath); files without any are skipped. */
    private static List<X509Certificate> certificatesIn(Path directory) {
        List<X509Certificate> cas = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    cas.addAll(Certificates.parseCertificates(Certificates.readFile(file), file.toString()));
                } catch (IllegalArgumentException e) {
                    LOG.debug("Skipping {} in the webhook verify CA directory: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(directory + ": cannot list the verify CA directory ("
                    + e.getClass().getSimpleName() + ")", e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException(directory + ": the verify CA directory holds no PEM certificate");
        }
        return cas;
    }
}
