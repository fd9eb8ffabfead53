package io.kopf4j.embedded;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kopf4j.embedded.internal.Catalog;
import io.kopf4j.embedded.internal.Controllers;
import io.kopf4j.embedded.internal.FaultRules;
import io.kopf4j.embedded.internal.HttpFront;
import io.kopf4j.embedded.internal.Resources;
import io.kopf4j.embedded.internal.SelfSignedCertificate;
import io.kopf4j.embedded.internal.Seeds;
import io.kopf4j.embedded.internal.Store;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.AccessTokenAuthentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process Kubernetes API server for tests, demos and dev mode. It serves discovery, OpenAPI, the common
 * built-in resources, CustomResourceDefinitions and their objects, watches, and aggregated APIServices with the wire
 * behaviour of a real kube-apiserver, so that client-java, kubectl and other clients work against it unchanged.
 * No controllers run beyond CRD establishment, APIService availability, garbage collection and namespace cleanup.
 *
 * <pre>{@code
 * try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
 *     ApiClient client = server.client();
 *     Path kubeconfig = server.kubeconfig();   // for kubectl --kubeconfig
 * }
 * }</pre>
 *
 * <p>It is never a production dependency: operators in production talk to real clusters.
 */
public final class EmbeddedApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedApiServer.class);

    /** Options for a server; every one has a default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private boolean https;
        private String token;
        private int watchHistory = 10_000;
        private Duration bookmarkInterval = Duration.ofMinutes(1);

        private Builder() {
        }

        /** The address to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; default 0 (an ephemeral port, kept across {@link #stop()}/{@link #start()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Serve HTTPS with a generated self-signed certificate (its CA goes into the kubeconfig). */
        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /** Require {@code Authorization: Bearer <token>} on every request (401 otherwise). */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** How many changes the watch history keeps for resuming watches; older ones give 410 Expired. */
        public Builder watchHistory(int changes) {
            if (changes < 1) {
                throw new IllegalArgumentException("watch history must hold at least one change, not " + changes);
            }
            this.watchHistory = changes;
            return this;
        }

        /** How often a watch with {@code allowWatchBookmarks=true} gets a BOOKMARK; default one minute. */
        public Builder bookmarkInterval(Duration interval) {
            this.bookmarkInterval = interval;
            return this;
        }

        /** A server with these options, not yet listening: call {@link EmbeddedApiServer#start()}. */
        public EmbeddedApiServer build() {
            return new EmbeddedApiServer(this);
        }
    }

    private final Builder options;
    private final Store store;
    private final Catalog catalog;
    private final Resources resources;
    private final Controllers controllers;
    private final FaultRules faultRules = new FaultRules();
    private final HttpFront front;
    private final Faults faults;
    private final SelfSignedCertificate certificate;
    private volatile String token;
    private HttpServer http;
    private ExecutorService executor;
    private int boundPort;
    private Path kubeconfig;

    private EmbeddedApiServer(Builder b) {
        this.options = b;
        Clock clock = Clock.systemUTC();
        this.store = new Store(b.watchHistory);
        this.catalog = new Catalog();
        this.resources = new Resources(catalog, store, clock);
        this.controllers = new Controllers(catalog, resources, clock);
        this.front = new HttpFront(catalog, resources, faultRules, clock,
                new HttpFront.Options(b.token, b.bookmarkInterval));
        this.faults = new Faults(faultRules, store, this);
        this.certificate = b.https ? SelfSignedCertificate.generate("kopf4j-embedded",
                List.of("localhost"), List.of("127.0.0.1", "::1"), Duration.ofDays(365)) : null;
        this.boundPort = b.port;
        this.token = b.token;
        Seeds.namespaces(resources);
    }

    /** Options for a server: host, port, HTTPS, a token, the bookmark interval. */
    public static Builder builder() {
        return new Builder();
    }

    /** A server with the defaults (HTTP on 127.0.0.1, an ephemeral port, no token). Call {@link #start()}. */
    public EmbeddedApiServer() {
        this(new Builder());
    }

    /** Starts listening (again, on the same port, after {@link #stop()}); returns this server. */
    public synchronized EmbeddedApiServer start() {
        if (http != null) {
            return this;
        }
        try {
            InetSocketAddress addr = new InetSocketAddress(options.host, boundPort);
            if (certificate != null) {
                HttpsServer s = HttpsServer.create(addr, 1024);
                s.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
                http = s;
            } else {
                http = HttpServer.create(addr, 1024);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + options.host + ":" + boundPort, e);
        }
        executor = newExecutor();
        http.setExecutor(executor);
        http.createContext("/", front);
        http.start();
        boundPort = http.getAddress().getPort();
        front.serverAddress(options.host + ":" + boundPort);
        LOG.info("embedded API server listening at {}", url());
        return this;
    }

    /** Virtual threads on JDK 21+ (watches cost no platform thread), otherwise a cached pool of daemon threads. */
    private static ExecutorService newExecutor() {
        try {
            Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) m.invoke(null);
        } catch (ReflectiveOperationException e) {
            AtomicInteger n = new AtomicInteger();
            return Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "kopf4j-embedded-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Stops listening and drops every connection; the stored state is kept for a later {@link #start()}. */
    public synchronized void stop() {
        if (http == null) {
            return;
        }
        store.cutWatches();
        http.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http = null;
        executor = null;
    }

    /** Drops every connection and listens again on the same port, keeping the stored state. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Whether the server is listening. */
    public synchronized boolean isRunning() {
        return http != null;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return (certificate != null ? "https" : "http") + "://" + options.host + ":" + boundPort;
    }

    /** The port the server listens on (the one bound, when an ephemeral port was asked for). */
    public int port() {
        return boundPort;
    }

    /** Fault injection for resilience tests. */
    public Faults faults() {
        return faults;
    }

    /**
     * One open watch stream, as {@link #openWatches()} reports it.
     *
     * @param resource  the watched resource as stored: {@code group/plural}, {@code core/plural} for the core group
     *                  (e.g. {@code core/configmaps}, {@code kopf.dev/kopfexamples}); {@code events} for the Events of
     *                  both Event groups
     * @param namespace the namespace the watch is limited to, or null for a cluster-wide watch
     */
    public record OpenWatch(String resource, String namespace) {
    }

    /**
     * The watch streams open now, e.g. to check which watches an operator keeps and in which namespaces. Read-only: a
     * snapshot, in no particular order; the count equals {@link Faults#openWatches()}.
     *
     * @return the open watches
     */
    public List<OpenWatch> openWatches() {
        return store.openWatchList().stream().map(w -> new OpenWatch(w.storageKey(), w.namespace())).toList();
    }

    /**
     * Rotates the token: from now on, every request must carry {@code Authorization: Bearer <token>} and others are
     * answered 401, as a real API server does once a token is revoked; watches already open go on, as there. Null
     * accepts requests without a token. {@link #client()} and {@link #writeKubeconfig} carry the new token afterwards
     * (the file of {@link #kubeconfig()} is written once and keeps the token it was written with).
     */
    public void token(String token) {
        this.token = token;
        front.token(token);
    }

    /** The token every request must carry, or null when none is needed. */
    public String token() {
        return token;
    }

    /** The self-signed certificate's PEM when serving HTTPS, else null. */
    public String certificatePem() {
        return certificate == null ? null : certificate.certificatePem();
    }

    /** A client-java {@link ApiClient} for this server (trusting its certificate, carrying its token). */
    public ApiClient client() {
        ClientBuilder b = new ClientBuilder().setBasePath(url());
        if (certificate != null) {
            b.setCertificateAuthority(certificate.certificatePem().getBytes(StandardCharsets.UTF_8));
            b.setVerifyingSsl(true);
        }
        String current = token;
        if (current != null) {
            b.setAuthentication(new AccessTokenAuthentication(current));
        }
        ApiClient client = b.build();
        client.setHttpClient(client.getHttpClient().newBuilder().readTimeout(0, TimeUnit.SECONDS).build());
        return client;
    }

    /** A kubeconfig file for this server (written once, owner-only), usable by kubectl and client libraries. */
    public synchronized Path kubeconfig() {
        if (kubeconfig == null) {
            try {
                kubeconfig = Files.createTempFile("kopf4j-embedded-", ".kubeconfig");
                kubeconfig.toFile().deleteOnExit();
                writeKubeconfig(kubeconfig);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a kubeconfig", e);
            }
        }
        return kubeconfig;
    }

    /** Writes a kubeconfig for this server to {@code file} (owner-only permissions where supported). */
    public void writeKubeconfig(Path file) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: kopf4j-embedded\n  cluster:\n");
        y.append("    server: ").append(url()).append('\n');
        if (certificate != null) {
            y.append("    certificate-authority-data: ").append(Base64.getEncoder().encodeToString(
                    certificate.certificatePem().getBytes(StandardCharsets.UTF_8))).append('\n');
        }
        y.append("users:\n- name: kopf4j-embedded\n  user:");
        String current = token;
        if (current != null) {
            y.append("\n    token: ").append(current).append('\n');
        } else {
            y.append(" {}\n");
        }
        y.append("contexts:\n- name: kopf4j-embedded\n  context:\n    cluster: kopf4j-embedded\n");
        y.append("    user: kopf4j-embedded\n    namespace: default\ncurrent-context: kopf4j-embedded\n");
        Files.write(file, y.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system; the default permissions stay.
        }
    }

    /** Stops the server and its controllers. */
    @Override
    public synchronized void close() {
        stop();
        controllers.close();
        resources.admission().close();
        if (kubeconfig != null) {
            try {
                Files.deleteIfExists(kubeconfig);
            } catch (IOException ignored) {
                // A temp file; it goes on exit anyway.
            }
        }
    }

}
