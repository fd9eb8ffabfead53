package io.kopf4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A description of the HTTPS server that accepts admission reviews from Kubernetes, for
 * {@code settings.admission().server(...)}. Immutable; each {@code with*} method returns a copy.
 *
 * <p>Kopf: {@code kopf.WebhookServer(addr=..., port=..., host=..., cafile=..., cadata=..., cadump=...,
 * certfile=..., pkeyfile=..., password=..., extra_sans=..., verify_mode=..., verify_cafile=..., verify_capath=...,
 * verify_cadata=..., file_check_interval=..., insecure=...)}.
 *
 * <p>Without a certificate, a self-signed CA and a server certificate signed by it are generated at start-up, with
 * the host, the listening addresses, {@code localhost}, the loopback addresses, the machine's host name and the
 * {@linkplain #extraSans() extra names} as subject alternative names; that CA is what the webhook configurations
 * trust. With {@linkplain #withCertificate(Path, Path) certificate files}, those are served and re-read when they
 * change on disk (checked at most every {@linkplain #fileCheckInterval() file check interval}), so a renewed
 * certificate (e.g. by cert-manager into a mounted Secret) is picked up without a restart.
 *
 * <p>Tunnels (Kopf's ngrok/inlets servers) and a ready-made {@code SSLContext} are out of scope.
 */
public final class WebhookServer {
    /** The listening port used when none is given: 9443. */
    public static final int DEFAULT_PORT = 9443;

    /** How often certificate files are checked for changes when none is given: 60 seconds (Kopf's default). */
    public static final Duration DEFAULT_FILE_CHECK_INTERVAL = Duration.ofSeconds(60);

    /**
     * Whether the server asks the clients (the API servers) for certificates. Kopf: {@code verify_mode}
     * ({@code ssl.CERT_NONE}, {@code CERT_OPTIONAL}, {@code CERT_REQUIRED}).
     */
    public enum VerifyMode {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for and, if sent, must be signed by a trusted CA; clients without one are served. */
        OPTIONAL,
        /** Every client must present a certificate signed by a trusted CA; others are refused in the TLS handshake. */
        REQUIRED
    }

    private final String addr;
    private final int port;
    private final String host;
    private final Path certFile;
    private final Path pkeyFile;
    private final String password;
    private final Path caFile;
    private final byte[] caData;
    private final Path caDump;
    private final List<String> extraSans;
    private final VerifyMode verifyMode;
    private final Path verifyCaFile;
    private final Path verifyCaPath;
    private final String verifyCaData;
    private final Duration fileCheckInterval;
    private final boolean insecure;

    private WebhookServer(Draft d) {
        if (d.port < 0 || d.port > 65535) {
            throw new IllegalArgumentException("Webhook server port out of range: " + d.port);
        }
        if (d.fileCheckInterval.isNegative()) {
            throw new IllegalArgumentException("Webhook server file check interval is negative: " + d.fileCheckInterval);
        }
        this.addr = d.addr;
        this.port = d.port;
        this.host = d.host;
        this.certFile = d.certFile;
        this.pkeyFile = d.pkeyFile;
        this.password = d.password;
        this.caFile = d.caFile;
        this.caData = d.caData == null ? null : d.caData.clone();
        this.caDump = d.caDump;
        this.extraSans = List.copyOf(d.extraSans);
        this.verifyMode = d.verifyMode;
        this.verifyCaFile = d.verifyCaFile;
        this.verifyCaPath = d.verifyCaPath;
        this.verifyCaData = d.verifyCaData;
        this.fileCheckInterval = d.fileCheckInterval;
        this.insecure = d.insecure;
    }

    /**
     * A server on all interfaces, port 9443, with a generated self-signed certificate.
     *
     * @return the description
     */
    public static WebhookServer selfSigned() {
        return new WebhookServer(new Draft());
    }

    /**
     * The address to listen on (Kopf: {@code addr}).
     *
     * @return the address, or empty for all interfaces
     */
    public Optional<String> addr() {
        return Optional.ofNullable(addr);
    }

    /**
     * The listening port (Kopf: {@code port}); 0 picks a free port.
     *
     * @return the port, 9443 by default
     */
    public int port() {
        return port;
    }

    /**
     * The host name put into the webhook client configs and the generated certificate (Kopf: {@code host}).
     *
     * @return the host, or empty to detect it
     */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /**
     * The server certificate in PEM, optionally followed by its intermediate CAs (Kopf: {@code certfile}); re-read
     * when the file changes.
     *
     * @return the file, or empty to generate a self-signed one
     */
    public Optional<Path> certFile() {
        return Optional.ofNullable(certFile);
    }

    /**
     * The server's private key in PEM: PKCS#8 ({@code PRIVATE KEY}, {@code ENCRYPTED PRIVATE KEY}) or the older
     * OpenSSL forms ({@code RSA PRIVATE KEY}, {@code EC PRIVATE KEY}, possibly encrypted) (Kopf: {@code pkeyfile}).
     *
     * @return the file, or empty to generate one
     */
    public Optional<Path> pkeyFile() {
        return Optional.ofNullable(pkeyFile);
    }

    /**
     * The password that decrypts an encrypted {@linkplain #pkeyFile() private key file} (Kopf: {@code password}).
     * It is never logged. A generated key is only kept in memory, so it needs none.
     *
     * @return the password, or empty for an unencrypted key
     */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /**
     * A file with the CA bundle (PEM) that the API servers should trust, put into the webhook configurations'
     * {@code clientConfig.caBundle} (Kopf: {@code cafile}); re-read with the certificate files. Not used by the
     * server itself; ignored for a generated certificate, whose own CA is reported.
     *
     * @return the file, or empty to report the top of the certificate chain (or the generated CA)
     */
    public Optional<Path> caFile() {
        return Optional.ofNullable(caFile);
    }

    /**
     * The CA bundle (PEM) that the API servers should trust, as data (Kopf: {@code cadata}); takes precedence over
     * the {@linkplain #caFile() CA file}. Ignored for a generated certificate.
     *
     * @return a copy of the bytes, or empty
     */
    public Optional<byte[]> caData() {
        return Optional.ofNullable(caData).map(byte[]::clone);
    }

    /**
     * Where to write the CA bundle that the webhook configurations trust (Kopf: {@code cadump}), e.g. for
     * {@code curl --cacert}; rewritten when renewed certificate files bring another bundle. Never holds a key.
     *
     * @return the file, or empty to write none
     */
    public Optional<Path> caDump() {
        return Optional.ofNullable(caDump);
    }

    /**
     * Extra subject alternative names of a generated certificate (Kopf: {@code extra_sans}): IP addresses become IP
     * names, anything else a DNS name.
     *
     * @return an immutable list, empty by default
     */
    public List<String> extraSans() {
        return extraSans;
    }

    /**
     * Whether client certificates are asked for (Kopf: {@code verify_mode}). When unset, it is
     * {@link VerifyMode#OPTIONAL} if a CA to verify them is given, else {@link VerifyMode#NONE}.
     *
     * @return the mode, or empty when unset
     */
    public Optional<VerifyMode> verifyMode() {
        return Optional.ofNullable(verifyMode);
    }

    /**
     * A PEM file of CA certificates that client certificates must be signed by (Kopf: {@code verify_cafile}).
     *
     * @return the file, or empty
     */
    public Optional<Path> verifyCaFile() {
        return Optional.ofNullable(verifyCaFile);
    }

    /**
     * A directory whose PEM files hold CA certificates that client certificates may be signed by (Kopf:
     * {@code verify_capath}); files that hold no certificate are skipped.
     *
     * @return the directory, or empty
     */
    public Optional<Path> verifyCaPath() {
        return Optional.ofNullable(verifyCaPath);
    }

    /**
     * CA certificates in PEM that client certificates may be signed by (Kopf: {@code verify_cadata}).
     *
     * @return the PEM text, or empty
     */
    public Optional<String> verifyCaData() {
        return Optional.ofNullable(verifyCaData);
    }

    /**
     * At most how often the certificate, key and CA files are checked for changes (Kopf:
     * {@code file_check_interval}); the check happens when a client connects. Zero checks on every connection.
     *
     * @return the interval, 60 seconds by default
     */
    public Duration fileCheckInterval() {
        return fileCheckInterval;
    }

    /**
     * Whether to serve plain HTTP (Kopf: {@code insecure}); for tunnels and tests only.
     *
     * @return false by default
     */
    public boolean insecure() {
        return insecure;
    }

    /**
     * A copy listening on another address and port.
     *
     * @param addr the address, or null for all interfaces
     * @param port the port, 0 for any free one
     * @return the copy
     */
    public WebhookServer withAddress(String addr, int port) {
        Draft d = draft();
        d.addr = addr;
        d.port = port;
        return new WebhookServer(d);
    }

    /**
     * A copy with another reported host name.
     *
     * @param host the host, or null to detect it
     * @return the copy
     */
    public WebhookServer withHost(String host) {
        Draft d = draft();
        d.host = host;
        return new WebhookServer(d);
    }

    /**
     * A copy that serves the given certificate and key instead of a generated one.
     *
     * @param certFile the certificate (and its intermediate CAs) in PEM
     * @param pkeyFile the private key in PEM
     * @return the copy
     */
    public WebhookServer withCertificate(Path certFile, Path pkeyFile) {
        Draft d = draft();
        d.certFile = Objects.requireNonNull(certFile, "certFile");
        d.pkeyFile = Objects.requireNonNull(pkeyFile, "pkeyFile");
        return new WebhookServer(d);
    }

    /**
     * A copy whose private key file is decrypted with this password.
     *
     * @param password the password, or null for an unencrypted key
     * @return the copy
     */
    public WebhookServer withPassword(String password) {
        Draft d = draft();
        d.password = password;
        return new WebhookServer(d);
    }

    /**
     * A copy that reports the CA bundle in this file to the webhook configurations.
     *
     * @param caFile the PEM file, or null to report the certificate chain's top
     * @return the copy
     */
    public WebhookServer withCaFile(Path caFile) {
        Draft d = draft();
        d.caFile = caFile;
        return new WebhookServer(d);
    }

    /**
     * A copy that reports this CA bundle to the webhook configurations.
     *
     * @param caData the PEM bytes (copied), or null
     * @return the copy
     */
    public WebhookServer withCaData(byte[] caData) {
        Draft d = draft();
        d.caData = caData == null ? null : caData.clone();
        return new WebhookServer(d);
    }

    /**
     * A copy that writes the CA bundle to a file.
     *
     * @param caDump the file, or null for none
     * @return the copy
     */
    public WebhookServer withCaDump(Path caDump) {
        Draft d = draft();
        d.caDump = caDump;
        return new WebhookServer(d);
    }

    /**
     * A copy whose generated certificate also names these hosts.
     *
     * @param extraSans the extra subject alternative names
     * @return the copy
     */
    public WebhookServer withExtraSans(String... extraSans) {
        Draft d = draft();
        d.extraSans = List.of(extraSans);
        return new WebhookServer(d);
    }

    /**
     * A copy that asks clients for certificates (or not).
     *
     * @param verifyMode the mode, or null for the default (see {@link #verifyMode()})
     * @return the copy
     */
    public WebhookServer withVerifyMode(VerifyMode verifyMode) {
        Draft d = draft();
        d.verifyMode = verifyMode;
        return new WebhookServer(d);
    }

    /**
     * A copy that trusts client certificates signed by the CAs in this PEM file.
     *
     * @param verifyCaFile the file, or null
     * @return the copy
     */
    public WebhookServer withVerifyCaFile(Path verifyCaFile) {
        Draft d = draft();
        d.verifyCaFile = verifyCaFile;
        return new WebhookServer(d);
    }

    /**
     * A copy that trusts client certificates signed by the CAs in this directory's PEM files.
     *
     * @param verifyCaPath the directory, or null
     * @return the copy
     */
    public WebhookServer withVerifyCaPath(Path verifyCaPath) {
        Draft d = draft();
        d.verifyCaPath = verifyCaPath;
        return new WebhookServer(d);
    }

    /**
     * A copy that trusts client certificates signed by these PEM CAs.
     *
     * @param verifyCaData the PEM text, or null
     * @return the copy
     */
    public WebhookServer withVerifyCaData(String verifyCaData) {
        Draft d = draft();
        d.verifyCaData = verifyCaData;
        return new WebhookServer(d);
    }

    /**
     * A copy that checks its certificate files for changes at most this often.
     *
     * @param interval the interval; zero checks on every connection
     * @return the copy
     */
    public WebhookServer withFileCheckInterval(Duration interval) {
        Draft d = draft();
        d.fileCheckInterval = Objects.requireNonNull(interval, "interval");
        return new WebhookServer(d);
    }

    /**
     * A copy serving plain HTTP or HTTPS.
     *
     * @param insecure true for plain HTTP
     * @return the copy
     */
    public WebhookServer withInsecure(boolean insecure) {
        Draft d = draft();
        d.insecure = insecure;
        return new WebhookServer(d);
    }

    private Draft draft() {
        Draft d = new Draft();
        d.addr = addr;
        d.port = port;
        d.host = host;
        d.certFile = certFile;
        d.pkeyFile = pkeyFile;
        d.password = password;
        d.caFile = caFile;
        d.caData = caData;
        d.caDump = caDump;
        d.extraSans = extraSans;
        d.verifyMode = verifyMode;
        d.verifyCaFile = verifyCaFile;
        d.verifyCaPath = verifyCaPath;
        d.verifyCaData = verifyCaData;
        d.fileCheckInterval = fileCheckInterval;
        d.insecure = insecure;
        return d;
    }

    /** The fields of a copy being made; the constructor copies them into final fields. */
    private static final class Draft {
        String addr;
        int port = DEFAULT_PORT;
        String host;
        Path certFile;
        Path pkeyFile;
        String password;
        Path caFile;
        byte[] caData;
        Path caDump;
        List<String> extraSans = List.of();
        VerifyMode verifyMode;
        Path verifyCaFile;
        Path verifyCaPath;
        String verifyCaData;
        Duration fileCheckInterval = DEFAULT_FILE_CHECK_INTERVAL;
        boolean insecure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookServer w && port == w.port && insecure == w.insecure
                && Objects.equals(addr, w.addr) && Objects.equals(host, w.host)
                && Objects.equals(certFile, w.certFile) && Objects.equals(pkeyFile, w.pkeyFile)
                && Objects.equals(password, w.password) && Objects.equals(caFile, w.caFile)
                && Arrays.equals(caData, w.caData) && Objects.equals(caDump, w.caDump)
                && extraSans.equals(w.extraSans) && verifyMode == w.verifyMode
                && Objects.equals(verifyCaFile, w.verifyCaFile) && Objects.equals(verifyCaPath, w.verifyCaPath)
                && Objects.equals(verifyCaData, w.verifyCaData) && fileCheckInterval.equals(w.fileCheckInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(addr, port, host, certFile, pkeyFile, password, caFile, Arrays.hashCode(caData), caDump,
                extraSans, verifyMode, verifyCaFile, verifyCaPath, verifyCaData, fileCheckInterval, insecure);
    }

    /** Names the files and modes, never the password. */
    @Override
    public String toString() {
        return "WebhookServer[addr=" + addr + ", port=" + port + ", host=" + host + ", certFile=" + certFile
                + ", pkeyFile=" + pkeyFile + (password == null ? "" : ", password=(hidden)")
                + ", verifyMode=" + verifyMode + ", insecure=" + insecure + "]";
    }
}
