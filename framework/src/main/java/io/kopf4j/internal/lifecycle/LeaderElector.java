package io.kopf4j.internal.lifecycle;

import io.kopf4j.internal.util.LoopThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.OperatorSettings;
import io.kopf4j.internal.cluster.ApiConflictError;
import io.kopf4j.internal.cluster.ApiNotFoundError;
import io.kopf4j.internal.cluster.ClusterApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Lease-based leader election (beyond Kopf), with client-go's {@code LeaseLock} semantics on a
 * {@code coordination.k8s.io/v1} Lease: GET; when absent, POST (409 AlreadyExists: another replica won the race);
 * the holder renews with a PUT carrying the resourceVersion (409 Conflict: someone else changed it first); another
 * replica takes over once {@code renewTime + leaseDurationSeconds} has passed or the holder released it; on a
 * graceful stop the holder releases it by clearing {@code holderIdentity}. A leader that cannot renew for the renew
 * deadline stops leading. Not API.
 */
public final class LeaderElector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElector.class);
    static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final ClusterApi api;
    private final String namespace;
    private final String name;
    private final String identity;
    private final OperatorSettings.LeaderElection settings;
    private final Clock clock;
    private final Consumer<Boolean> leading;
    private final Object lock = new Object();
    private volatile boolean isLeader;
    private volatile boolean stopped;
    private Instant lastRenewal = Instant.MIN;
    private Thread thread;

    /**
     * @param leading told true when this replica becomes the leader, false when it stops being one
     */
    public LeaderElector(ClusterApi api, String namespace, OperatorSettings.LeaderElection settings, String identity,
                         Clock clock, Consumer<Boolean> leading) {
        this.api = api.with(api.config().withErrorBackoffs(List.of())).unlimited();
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = settings.leaseName();
        this.settings = settings;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.clock = clock;
        this.leading = leading;
    }

    /** The namespace of the Lease: the setting, else POD_NAMESPACE, else the operator's first exact namespace. */
    public static String namespaceFor(OperatorSettings.LeaderElection settings, List<String> namespaces) {
        if (settings.leaseNamespace() != null) {
            return settings.leaseNamespace();
        }
        String pod = System.getenv("POD_NAMESPACE");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        for (String ns : namespaces) {
            if (ns.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                return ns;
            }
        }
        return "default";
    }

    /** Makes the first attempt at once (so a sole replica leads from the start), then keeps trying in background. */
    public LeaderElector start() {
        LOG.info("Leader election: {} competes for the Lease {}/{}.", identity, namespace, name);
        attempt();
        thread = new Thread(this::loop, "kopf4j-leader-election");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Whether this replica holds the Lease now. */
    public boolean isLeader() {
        return isLeader;
    }

    private void loop() {
        while (!stopped) {
            synchronized (lock) {
                try {
                    lock.wait(Math.max(1, settings.retryPeriod().toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!stopped) {
                attempt();
            }
        }
    }

    private synchronized void attempt() {
        if (stopped) {
            return;
        }
        boolean ok;
        try {
            ok = tryAcquireOrRenew();
        } catch (RuntimeException e) {
            LOG.debug("Leader election: the Lease {}/{} could not be read or written: {}", namespace, name,
                    e.getMessage());
            ok = false;
        }
        Instant now = clock.instant();
        if (ok) {
            lastRenewal = now;
            if (!isLeader) {
                isLeader = true;
                LOG.info("Leader election: {} is the leader now (Lease {}/{}).", identity, namespace, name);
                leading.accept(true);
            }
        } else if (isLeader && Duration.between(lastRenewal, now).compareTo(settings.renewDeadline()) > 0) {
            isLeader = false;
            LOG.warn("Leader election: {} could not renew the Lease {}/{} within {}; it stops handling objects.",
                    identity, namespace, name, settings.renewDeadline());
            leading.accept(false);
        }
    }

    private String path() {
        return collection() + "/" + name;
    }

    private String collection() {
        return "/apis/coordination.k8s.io/v1/namespaces/" + namespace + "/leases";
    }

    private long durationSeconds() {
        long ms = settings.leaseDuration().toMillis();
        return Math.max(1, (ms + 999) / 1000);
    }

    /** One round of client-go's {@code tryAcquireOrRenew}: true when this replica holds the Lease afterwards. */
    boolean tryAcquireOrRenew() {
        Instant now = clock.instant();
        String stamp = MICRO_TIME.format(now);
        JsonNode current;
        try {
            current = api.get(path());
        } catch (ApiNotFoundError e) {
            ObjectNode lease = JsonNodeFactory.instance.objectNode();
            lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
            lease.putObject("metadata").put("name", name).put("namespace", namespace);
            lease.putObject("spec").put("holderIdentity", identity).put("leaseDurationSeconds", durationSeconds())
                    .put("acquireTime", stamp).put("renewTime", stamp).put("leaseTransitions", 0);
            try {
                api.create(collection(), lease);
                return true;
            } catch (ApiConflictError lost) {
                return false;
            }
        }
        JsonNode spec = current.path("spec");
        String holder = spec.path("holderIdentity").asText("");
        boolean mine = holder.equals(identity);
        if (!mine && !holder.isEmpty() && !expired(spec, now)) {
            return false;
        }
        ObjectNode updated = current.deepCopy();
        ObjectNode newSpec = updated.with("spec");
        if (!mine) {
            newSpec.put("holderIdentity", identity).put("acquireTime", stamp)
                    .put("leaseTransitions", spec.path("leaseTransitions").asInt(0) + (holder.isEmpty() ? 0 : 1));
            if (!holder.isEmpty()) {
                LOG.info("Leader election: the Lease {}/{} of {} expired; {} takes it over.", namespace, name, holder,
                        identity);
            }
        }
        newSpec.put("renewTime", stamp).put("leaseDurationSeconds", durationSeconds());
        try {
            api.request("PUT", path(), updated, "application/json");
            return true;
        } catch (ApiConflictError | ApiNotFoundError lost) {
            return false;
        }
    }

    private static boolean expired(JsonNode spec, Instant now) {
        String renew = spec.path("renewTime").asText(spec.path("acquireTime").asText(""));
        if (renew.isEmpty()) {
            return true;
        }
        try {
            Instant renewed = Instant.parse(renew);
            return !renewed.plusSeconds(spec.path("leaseDurationSeconds").asLong(0)).isAfter(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** Stops competing; a leader releases the Lease (clears its holder), so another replica takes over at once. */
    @Override
    public void close() {
        stopped = true;
        LoopThreads.stop(thread, lock);
        synchronized (this) {
            if (isLeader) {
                release();
                isLeader = false;
            }
        }
    }

    private void release() {
        try {
            JsonNode current = api.get(path());
            if (!current.path("spec").path("holderIdentity").asText("").equals(identity)) {
                return;
            }
            ObjectNode updated = current.deepCopy();
            ObjectNode spec = updated.with("spec");
            spec.remove("holderIdentity");
            spec.put("leaseDurationSeconds", 1).put("renewTime", MICRO_TIME.format(clock.instant()));
            api.request("PUT", path(), updated, "application/json");
            LOG.info("Leader election: {} released the Lease {}/{}.", identity, namespace, name);
        } catch (RuntimeException e) {
            LOG.warn("Leader election: could not release the Lease {}/{}: {}; another replica takes over when it "
                    + "expires.", namespace, name, e.getMessage());
        }
    }
}
