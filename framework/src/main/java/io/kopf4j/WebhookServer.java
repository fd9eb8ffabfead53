package io.kopf4j;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A description of the HTTPS server that accepts admission reviews from Kubernetes, for
 * {@code settings.admission().server(...)}. Immutable; each {@code with*} method returns a copy.
 *
 * <p>Kopf: {@code kopf.WebhookServer(addr=..., port=..., host=..., certfile=..., pkeyfile=..., cadump=...,
 * extra_sans=..., insecure=...)}. Without a certificate, a self-signed CA and certificate are generated.
 * Tunnels (Kopf's ngrok/inlets servers) are out of scope.
 */
public final class WebhookServer {
    /** The listening port used when none is given: 9443. */
    public static final int DEFAULT_PORT = 9443;

    private final String addr;
    private final int port;
    private final String host;
    private final Path certFile;
    private final Path pkeyFile;
    private final Path caDump;
    private final List<String> extraSans;
    private final boolean insecure;

    private WebhookServer(String addr, int port, String host, Path certFile, Path pkeyFile, Path caDump,
                          List<String> extraSans, boolean insecure) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Webhook server port out of range: " + port);
        }
        this.addr = addr;
        this.port = port;
        this.host = host;
        this.certFile = certFile;
        this.pkeyFile = pkeyFile;
        this.caDump = caDump;
        this.extraSans = List.copyOf(extraSans);
        this.insecure = insecure;
    }

    /**
     * A server on all interfaces, port 9443, with a generated self-signed certificate.
     *
     * @return the description
     */
    public static WebhookServer selfSigned() {
        return new WebhookServer(null, DEFAULT_PORT, null, null, null, null, List.of(), false);
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
     * The server certificate in PEM (Kopf: {@code certfile}); reloaded when the file is renewed.
     *
     * @return the file, or empty to generate a self-signed one
     */
    public Optional<Path> certFile() {
        return Optional.ofNullable(certFile);
    }

    /**
     * The server's private key in PEM (Kopf: {@code pkeyfile}).
     *
     * @return the file, or empty to generate one
     */
    public Optional<Path> pkeyFile() {
        return Optional.ofNullable(pkeyFile);
    }

    /**
     * Where to write the CA bundle of a generated certificate (Kopf: {@code cadump}).
     *
     * @return the file, or empty to write none
     */
    public Optional<Path> caDump() {
        return Optional.ofNullable(caDump);
    }

    /**
     * Extra subject alternative names of a generated certificate (Kopf: {@code extra_sans}).
     *
     * @return an immutable list, empty by default
     */
    public List<String> extraSans() {
        return extraSans;
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
        return new WebhookServer(addr, port, host, certFile, pkeyFile, caDump, extraSans, insecure);
    }

    /**
     * A copy with another reported host name.
     *
     * @param host the host, or null to detect it
     * @return the copy
     */
    public WebhookServer withHost(String host) {
        return new WebhookServer(addr, port, host, certFile, pkeyFile, caDump, extraSans, insecure);
    }

    /**
     * A copy that serves the given certificate and key instead of a generated one.
     *
     * @param certFile the certificate in PEM
     * @param pkeyFile the private key in PEM
     * @return the copy
     */
    public WebhookServer withCertificate(Path certFile, Path pkeyFile) {
        return new WebhookServer(addr, port, host, Objects.requireNonNull(certFile, "certFile"),
                Objects.requireNonNull(pkeyFile, "pkeyFile"), caDump, extraSans, insecure);
    }

    /**
     * A copy that writes the CA bundle of its generated certificate to a file.
     *
     * @param caDump the file, or null for none
     * @return the copy
     */
    public WebhookServer withCaDump(Path caDump) {
        return new WebhookServer(addr, port, host, certFile, pkeyFile, caDump, extraSans, insecure);
    }

    /**
     * A copy whose generated certificate also names these hosts.
     *
     * @param extraSans the extra subject alternative names
     * @return the copy
     */
    public WebhookServer withExtraSans(String... extraSans) {
        return new WebhookServer(addr, port, host, certFile, pkeyFile, caDump, List.of(extraSans), insecure);
    }

    /**
     * A copy serving plain HTTP or HTTPS.
     *
     * @param insecure true for plain HTTP
     * @return the copy
     */
    public WebhookServer withInsecure(boolean insecure) {
        return new WebhookServer(addr, port, host, certFile, pkeyFile, caDump, extraSans, insecure);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookServer w && port == w.port && insecure == w.insecure
                && Objects.equals(addr, w.addr) && Objects.equals(host, w.host)
                && Objects.equals(certFile, w.certFile) && Objects.equals(pkeyFile, w.pkeyFile)
                && Objects.equals(caDump, w.caDump) && extraSans.equals(w.extraSans);
    }

    @Override
    public int hashCode() {
        return Objects.hash(addr, port, host, certFile, pkeyFile, caDump, extraSans, insecure);
    }

    @Override
    public String toString() {
        return "WebhookServer[addr=" + addr + ", port=" + port + ", host=" + host + ", certFile=" + certFile
                + ", insecure=" + insecure + "]";
    }
}
