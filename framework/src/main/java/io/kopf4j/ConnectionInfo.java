package io.kopf4j;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials and connection details of one API server, as an {@link On.Login} handler returns them: the server's
 * URL, how to trust it (a CA, or {@code insecure}), how to authenticate (a token, a username and password, or a client
 * certificate and key), the default namespace, an HTTP proxy, a priority, and an expiration.
 *
 * <pre>{@code
 * @On.Login
 * ConnectionInfo login() {
 *     return ConnectionInfo.builder("https://10.0.0.1:6443")
 *             .caData(Files.readString(Path.of("/etc/cluster/ca.crt")))
 *             .token(tokenService.fetch())
 *             .expiration(Instant.now().plus(Duration.ofHours(1)))
 *             .build();
 * }
 * }</pre>
 *
 * <p>When several login handlers return credentials, the ones with the highest {@link #priority()} are used (among
 * equal priorities, the first handler's). When the server rejects them (HTTP 401), they are dropped and the next ones
 * are used; when none remain, the login handlers run again, and credentials equal to ones already rejected are not
 * taken again. Credentials with an {@link #expiration()} are replaced by logging in again shortly before they expire
 * (a tenth of their remaining lifetime before, at most a minute).
 *
 * <p>Immutable; equal when all fields are equal. {@link #toString()} never shows the token, the password or the
 * private key. Kopf: {@code kopf.ConnectionInfo}.
 */
public final class ConnectionInfo {
    private static final String MASK = "***";

    private final String server;
    private final Path caPath;
    private final String caData;
    private final boolean insecure;
    private final String username;
    private final String password;
    private final String scheme;
    private final String token;
    private final Path certificatePath;
    private final String certificateData;
    private final Path privateKeyPath;
    private final String privateKeyData;
    private final String defaultNamespace;
    private final String proxyUrl;
    private final int priority;
    private final Instant expiration;

    private ConnectionInfo(Builder b) {
        this.server = b.server;
        this.caPath = b.caPath;
        this.caData = b.caData;
        this.insecure = b.insecure;
        this.username = b.username;
        this.password = b.password;
        this.scheme = b.scheme;
        this.token = b.token;
        this.certificatePath = b.certificatePath;
        this.certificateData = b.certificateData;
        this.privateKeyPath = b.privateKeyPath;
        this.privateKeyData = b.privateKeyData;
        this.defaultNamespace = b.defaultNamespace;
        this.proxyUrl = b.proxyUrl;
        this.priority = b.priority;
        this.expiration = b.expiration;
    }

    /**
     * Starts the credentials of the server at {@code server}.
     *
     * @param server the API server's base URL, {@code https://host:port} (or {@code http://})
     * @return a builder; {@link Builder#build()} checks the combination
     */
    public static Builder builder(String server) {
        return new Builder(server);
    }

    /** The API server's base URL. */
    public String server() {
        return server;
    }

    /** A file with the PEM certificate(s) of the CA that signed the server's certificate. */
    public Optional<Path> caPath() {
        return Optional.ofNullable(caPath);
    }

    /** The PEM certificate(s) of the CA that signed the server's certificate. */
    public Optional<String> caData() {
        return Optional.ofNullable(caData);
    }

    /** Whether the server's certificate is not verified at all (for development only). */
    public boolean insecure() {
        return insecure;
    }

    /** The username of HTTP basic authentication. */
    public Optional<String> username() {
        return Optional.ofNullable(username);
    }

    /** The password of HTTP basic authentication. */
    public Optional<String> password() {
        return Optional.ofNullable(password);
    }

    /** The authorization scheme sent with the token ({@code Bearer} unless set). */
    public Optional<String> scheme() {
        return Optional.ofNullable(scheme);
    }

    /** The token, sent as {@code Authorization: <scheme> <token>}. */
    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    /** A file with the PEM client certificate. */
    public Optional<Path> certificatePath() {
        return Optional.ofNullable(certificatePath);
    }

    /** The PEM client certificate. */
    public Optional<String> certificateData() {
        return Optional.ofNullable(certificateData);
    }

    /** A file with the PEM private key of the client certificate. */
    public Optional<Path> privateKeyPath() {
        return Optional.ofNullable(privateKeyPath);
    }

    /** The PEM private key of the client certificate. */
    public Optional<String> privateKeyData() {
        return Optional.ofNullable(privateKeyData);
    }

    /** The namespace for Events about cluster-scoped objects ({@code default} unless set). */
    public Optional<String> defaultNamespace() {
        return Optional.ofNullable(defaultNamespace);
    }

    /** An HTTP proxy, {@code http://[user:password@]host:port}, through which the server is reached. */
    public Optional<String> proxyUrl() {
        return Optional.ofNullable(proxyUrl);
    }

    /** Higher priorities are used first; default 0. */
    public int priority() {
        return priority;
    }

    /** When the credentials stop being valid; they are replaced shortly before. */
    public Optional<Instant> expiration() {
        return Optional.ofNullable(expiration);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ConnectionInfo c)) {
            return false;
        }
        return insecure == c.insecure && priority == c.priority && server.equals(c.server)
                && Objects.equals(caPath, c.caPath) && Objects.equals(caData, c.caData)
                && Objects.equals(username, c.username) && Objects.equals(password, c.password)
                && Objects.equals(scheme, c.scheme) && Objects.equals(token, c.token)
                && Objects.equals(certificatePath, c.certificatePath)
                && Objects.equals(certificateData, c.certificateData)
                && Objects.equals(privateKeyPath, c.privateKeyPath)
                && Objects.equals(privateKeyData, c.privateKeyData)
                && Objects.equals(defaultNamespace, c.defaultNamespace) && Objects.equals(proxyUrl, c.proxyUrl)
                && Objects.equals(expiration, c.expiration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, caPath, caData, insecure, username, password, scheme, token, certificatePath,
                certificateData, privateKeyPath, privateKeyData, defaultNamespace, proxyUrl, priority, expiration);
    }

    /** The details, with the token, the password, the private key and any proxy password masked. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ConnectionInfo[server=").append(server);
        if (caPath != null) {
            s.append(", caPath=").append(caPath);
        }
        if (caData != null) {
            s.append(", caData=<PEM>");
        }
        if (insecure) {
            s.append(", insecure");
        }
        if (username != null) {
            s.append(", username=").append(username);
        }
        if (password != null) {
            s.append(", password=").append(MASK);
        }
        if (token != null) {
            s.append(", token=").append(scheme == null ? "" : scheme + " ").append(MASK);
        }
        if (certificatePath != null) {
            s.append(", certificatePath=").append(certificatePath);
        }
        if (certificateData != null) {
            s.append(", certificateData=<PEM>");
        }
        if (privateKeyPath != null) {
            s.append(", privateKeyPath=").append(privateKeyPath);
        }
        if (privateKeyData != null) {
            s.append(", privateKeyData=").append(MASK);
        }
        if (defaultNamespace != null) {
            s.append(", defaultNamespace=").append(defaultNamespace);
        }
        if (proxyUrl != null) {
            s.append(", proxyUrl=").append(maskUserInfo(proxyUrl));
        }
        s.append(", priority=").append(priority);
        if (expiration != null) {
            s.append(", expiration=").append(expiration);
        }
        return s.append(']').toString();
    }

    private static String maskUserInfo(String url) {
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            String user = u.getRawUserInfo().split(":", 2)[0];
            return new URI(u.getScheme(), user + ":" + MASK, u.getHost(), u.getPort(), u.getPath(), null, null)
                    .toString();
        } catch (URISyntaxException e) {
            return MASK;
        }
    }

    /** Collects the details; {@link #build()} checks that they fit together. */
    public static final class Builder {
        private final String server;
        private Path caPath;
        private String caData;
        private boolean insecure;
        private String username;
        private String password;
        private String scheme;
        private String token;
        private Path certificatePath;
        private String certificateData;
        private Path privateKeyPath;
        private String privateKeyData;
        private String defaultNamespace;
        private String proxyUrl;
        private int priority;
        private Instant expiration;

        private Builder(String server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** Trust the CA whose PEM certificate(s) are in this file. */
        public Builder caPath(Path path) {
            this.caPath = path;
            return this;
        }

        /** Trust the CA of these PEM certificate(s). */
        public Builder caData(String pem) {
            this.caData = pem;
            return this;
        }

        /** Do not verify the server's certificate (development only). */
        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        /** HTTP basic authentication. */
        public Builder username(String username) {
            this.username = username;
            return this;
        }

        /** HTTP basic authentication. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** The authorization scheme of the token, default {@code Bearer}. */
        public Builder scheme(String scheme) {
            this.scheme = scheme;
            return this;
        }

        /** A token, sent as {@code Authorization: Bearer <token>} (or the given scheme). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** A client certificate (PEM) from a file; needs a private key. */
        public Builder certificatePath(Path path) {
            this.certificatePath = path;
            return this;
        }

        /** A client certificate (PEM); needs a private key. */
        public Builder certificateData(String pem) {
            this.certificateData = pem;
            return this;
        }

        /** The client certificate's private key (PEM) from a file. */
        public Builder privateKeyPath(Path path) {
            this.privateKeyPath = path;
            return this;
        }

        /** The client certificate's private key (PEM). */
        public Builder privateKeyData(String pem) {
            this.privateKeyData = pem;
            return this;
        }

        /** The namespace for Events about cluster-scoped objects. */
        public Builder defaultNamespace(String namespace) {
            this.defaultNamespace = namespace;
            return this;
        }

        /** An HTTP proxy, {@code http://[user:password@]host:port}. */
        public Builder proxyUrl(String url) {
            this.proxyUrl = url;
            return this;
        }

        /** Higher priorities are used first; default 0. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /** When the credentials stop being valid. */
        public Builder expiration(Instant expiration) {
            this.expiration = expiration;
            return this;
        }

        /**
         * The credentials.
         *
         * @throws IllegalArgumentException naming what does not fit: a server that is not an http(s) URL, both a path
         *     and data of the same thing, a certificate without a key (or the reverse), a token together with a
         *     username or password, a password without a username, a scheme without a token, a malformed proxy URL
         */
        public ConnectionInfo build() {
            URI uri = parse(server, "server");
            if (uri.getHost() == null || !isHttp(uri.getScheme())) {
                throw new IllegalArgumentException("ConnectionInfo: the server must be an http(s) URL with a host, "
                        + "not '" + server + "'");
            }
            both(caPath, caData, "caPath", "caData");
            both(certificatePath, certificateData, "certificatePath", "certificateData");
            both(privateKeyPath, privateKeyData, "privateKeyPath", "privateKeyData");
            boolean certificate = certificatePath != null || certificateData != null;
            boolean key = privateKeyPath != null || privateKeyData != null;
            if (certificate != key) {
                throw new IllegalArgumentException("ConnectionInfo: a client certificate needs its private key, and "
                        + "a private key its certificate");
            }
            if (token != null && (username != null || password != null)) {
                throw new IllegalArgumentException("ConnectionInfo: give either a token or a username and password, "
                        + "not both");
            }
            if (password != null && username == null) {
                throw new IllegalArgumentException("ConnectionInfo: a password needs a username");
            }
            if (scheme != null && token == null) {
                throw new IllegalArgumentException("ConnectionInfo: a scheme is sent with a token; no token is set");
            }
            if (proxyUrl != null) {
                URI proxy = parse(proxyUrl, "proxyUrl");
                if (proxy.getHost() == null || proxy.getPort() < 0 || !isHttp(proxy.getScheme())) {
                    throw new IllegalArgumentException("ConnectionInfo: the proxy must be http://host:port");
                }
            }
            return new ConnectionInfo(this);
        }

        private static boolean isHttp(String scheme) {
            return scheme != null && (scheme.toLowerCase(Locale.ROOT).equals("https")
                    || scheme.toLowerCase(Locale.ROOT).equals("http"));
        }

        private static URI parse(String url, String what) {
            try {
                return new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("ConnectionInfo: the " + what + " is not a URL: " + e.getReason());
            }
        }

        private static void both(Object path, Object data, String pathName, String dataName) {
            if (path != null && data != null) {
                throw new IllegalArgumentException("ConnectionInfo: both " + pathName + " and " + dataName
                        + " are set; give one of them");
            }
        }
    }
}
