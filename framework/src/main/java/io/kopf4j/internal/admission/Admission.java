package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.OperatorSettings;
import io.kopf4j.WebhookServer;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.handling.ObjectLogger;
import io.kopf4j.internal.handling.RealEvents;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.util.HandlerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * The operator's admission side while it runs: the review processor, the webhook server, and (with
 * {@code admission.managed}) the managed webhook configurations, kept current as resources appear or change; at close,
 * the non-persistent webhooks are removed from the configurations before the server stops. Started by the lifecycle
 * after the first discovery scan (so no early review is refused for an unknown resource). Kopf:
 * {@code admission_webhook_server}, {@code validating_configuration_manager}, {@code mutating_configuration_manager}.
 * Not API.
 */
public final class Admission implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private static final Logger OBJECTS = LoggerFactory.getLogger("kopf4j.objects");

    /** The memos of objects, for the {@link Memo} injectable. */
    @FunctionalInterface
    public interface MemoSource {
        /** The object's memo; a throw-away one when {@code ephemeral} (the object is being created). */
        Memo memo(ResourceKind resource, JsonNode body, boolean ephemeral);
    }

    private final List<AdmissionSpec> specs;
    private final ReviewProcessor processor;
    private final WebhookHttpServer server;
    private final ManagedConfigurations managed;
    private final URI url;
    private final Set<String> warned;
    private volatile byte[] caBundle;
    private ScheduledExecutorService renewalChecks;
    private boolean applied;

    private Admission(List<AdmissionSpec> specs, Set<String> warned, ReviewProcessor processor,
                      WebhookHttpServer server, ManagedConfigurations managed, URI url, byte[] caBundle) {
        this.specs = specs;
        this.warned = warned;
        this.processor = processor;
        this.server = server;
        this.managed = managed;
        this.url = url;
        this.caBundle = caBundle;
    }

    /**
     * The TLS of the described server: plain HTTP when it is {@code insecure}; else HTTPS with a generated self-signed
     * CA and certificate, or with the given certificate files (reloaded when they are renewed).
     *
     * @throws IllegalArgumentException when the given files cannot be used (the message names the file)
     */
    public static TlsSetup tlsFor(WebhookServer server) {
        if (server.insecure()) {
            return TlsSetup.plain();
        }
        return TlsSetup.of(WebhookTls.from(server, server.addr().map(List::of).orElse(List.of())));
    }

    /** What the handlers get: per-object loggers and Events per the posting settings, memos, indices, metrics. */
    public static ReviewProcessor.Collaborators collaborators(OperatorSettings settings, EventPoster poster,
                                                              Indices indices, MemoSource memos,
                                                              HandlerMetrics metrics) {
        OperatorSettings.Posting posting = settings.posting();
        ObjectLogger.Posting loggers = new ObjectLogger.Posting(posting.enabled() && posting.loggers(),
                posting.level());
        RealEvents events = new RealEvents(poster, posting.enabled(), posting.level());
        RealEvents silent = new RealEvents(poster, false, posting.level());
        return new ReviewProcessor.Collaborators() {
            @Override
            public Logger logger(ResourceKind resource, JsonNode body, boolean dryRun) {
                return new ObjectLogger(OBJECTS, body, resource, dryRun ? null : poster,
                        dryRun ? ObjectLogger.Posting.off() : loggers);
            }

            @Override
            public Events events(boolean dryRun) {
                return dryRun ? silent : events;
            }

            @Override
            public Memo memo(ResourceKind resource, JsonNode body, boolean ephemeral) {
                return memos.memo(resource, body, ephemeral);
            }

            @Override
            public Indices indices() {
                return indices;
            }

            @Override
            public HandlerMetrics metrics() {
                return metrics;
            }
        };
    }

    /**
     * Starts the webhook server for the handlers and, with {@code managed}, writes the webhook configurations.
     *
     * @param specs         the admission handlers (not empty)
     * @param description   the webhook server's description ({@code admission.server})
     * @param tls           its TLS
     * @param managed       the managed configurations' name ({@code admission.managed}), or empty
     * @param api           the cluster, for the managed configurations
     * @param collaborators what the handlers get
     * @param served        the resources discovery knows now
     * @throws IOException when the server cannot listen; an API error when the configurations cannot be written
     */
    public static Admission start(List<AdmissionSpec> specs, WebhookServer description, TlsSetup tls,
                                  Optional<String> managed, ClusterApi api, ReviewProcessor.Collaborators collaborators,
                                  Collection<ResourceKind> served) throws IOException {
        ReviewProcessor processor = new ReviewProcessor(specs, collaborators);
        Set<String> warned = ConcurrentHashMap.newKeySet();
        processor.resources(AdmissionResources.resolve(specs, served, warned));
        InetSocketAddress bind = description.addr().isEmpty() ? new InetSocketAddress(description.port())
                : new InetSocketAddress(description.addr().get(), description.port());
        WebhookHttpServer server = new WebhookHttpServer(bind, tls, processor).start();
        URI url = url(tls.secure() ? "https" : "http",
                description.host().orElseGet(() -> accessibleHost(description.addr().orElse(null))), server.port());
        ManagedConfigurations configurations = managed.map(name -> new ManagedConfigurations(api, name, specs))
                .orElse(null);
        Admission admission = new Admission(List.copyOf(specs), warned, processor, server, configurations, url,
                tls.caBundle());
        if (tls.source() != null) {
            // Called on a handshake or the timer's thread: the configurations are patched on a thread of their own.
            tls.source().onCaBundleChange(bundle -> {
                Thread t = new Thread(() -> admission.reload(tls.withCaBundle(bundle)), "kopf4j-webhook-ca-renewal");
                t.setDaemon(true);
                t.start();
            });
            admission.followRenewals(tls.source(), description.fileCheckInterval());
        }
        LOG.info("Serving {} admission handler(s) at {}", specs.size(), url);
        try {
            admission.reconfigure();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return admission;
    }

    /** The URL the API server reaches the webhooks at (a handler's is this plus {@code /<id>}). */
    public URI url() {
        return url;
    }

    /** Discovery changed: resolves the handlers' resources again and updates the managed configurations if needed. */
    public synchronized void served(Collection<ResourceKind> all) {
        AdmissionResources resolved = AdmissionResources.resolve(specs, all, warned);
        if (resolved.equals(processor.resources())) {
            return;
        }
        processor.resources(resolved);
        try {
            reconfigure();
        } catch (RuntimeException e) {
            LOG.error("Could not update the webhook configurations for the served resources: {}", e.getMessage());
        }
    }

    /** The certificates were renewed: new connections use the new context; the managed CA bundles are updated. */
    public synchronized void reload(TlsSetup renewed) {
        server.reload(renewed);
        caBundle = renewed.caBundle();
        try {
            reconfigure();
        } catch (RuntimeException e) {
            LOG.error("Could not update the CA bundle in the webhook configurations: {}", e.getMessage());
        }
    }

    private synchronized void reconfigure() {
        if (managed != null) {
            managed.apply(processor.resources(), url.toString(), caBundle, false);
            applied = true;
        }
    }

    /** Removes the non-persistent webhooks from the managed configurations, then stops the server. */
    /** Checks the certificate files on a timer, also while no new connection comes. */
    private synchronized void followRenewals(WebhookTls tls, Duration interval) {
        renewalChecks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kopf4j-webhook-certificates");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, interval.toMillis());
        renewalChecks.scheduleWithFixedDelay(() -> {
            try {
                tls.checkFiles();
            } catch (RuntimeException e) {
                LOG.warn("Could not check the webhook server's certificate files: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (renewalChecks != null) {
            renewalChecks.shutdownNow();
        }
        if (managed != null && applied) {
            try {
                LOG.info("Removing the non-persistent admission webhooks from the managed configurations.");
                managed.apply(processor.resources(), url.toString(), caBundle, true);
            } catch (RuntimeException e) {
                LOG.error("Could not remove the admission webhooks from the managed configurations: {}",
                        e.getMessage());
            }
        }
        server.close();
    }

    /**
     * The host the API server can reach a listening address at: {@code localhost} for all interfaces, the loopback
     * address for the "any" addresses ({@code 0.0.0.0}, {@code ::}), else the address itself. Kopf:
     * {@code _get_accessible_addr}.
     */
    static String accessibleHost(String addr) {
        if (addr == null || addr.isEmpty()) {
            return "localhost";
        }
        if (addr.contains(":") || addr.matches("[0-9.]+")) {   // an IP literal: no name lookup
            try {
                InetAddress ip = InetAddress.getByName(addr);
                if (ip.isAnyLocalAddress()) {
                    return addr.contains(":") ? "::1" : "127.0.0.1";
                }
            } catch (UnknownHostException e) {
                return addr;
            }
        }
        return addr;
    }

    static URI url(String scheme, String host, int port) {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return URI.create(scheme + "://" + h + (defaultPort ? "" : ":" + port));
    }

    @Override
    public String toString() {
        return "Admission[" + url + ", " + specs.size() + " handlers" + (managed == null ? "" : ", managed") + "]";
    }
}
