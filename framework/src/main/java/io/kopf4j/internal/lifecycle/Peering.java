package io.kopf4j.internal.lifecycle;

import io.kopf4j.internal.util.LoopThreads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.OperatorSettings;
import io.kopf4j.internal.cluster.ApiError;
import io.kopf4j.internal.cluster.ApiNotFoundError;
import io.kopf4j.internal.cluster.ClusterApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Kopf's peering: operators of one peering ({@code settings.peering.name}) announce themselves in the {@code status}
 * of a {@code ClusterKopfPeering} (cluster-wide operators) or {@code KopfPeering} (in each served namespace) of group
 * {@code kopf.dev} (legacy {@code zalando.org} read), keyed by identity: {@code {"priority":0,"lifetime":60,
 * "lastseen":"2026-01-01T00:00:00.000000+00:00"}}, the same format as Kopf, so Kopf and kopf4j operators see each
 * other. An operator pauses while a live peer has a higher priority; with live peers of the same priority all of
 * them pause (with a warning), as Kopf. Dead peers (lastseen + lifetime passed) are removed. On a graceful stop the
 * operator removes its own record. Unlike Kopf, which watches the peering object, this polls it (every tenth of the
 * lifetime, between 0.1 and 5 s). Kopf: {@code kopf/_core/engines/peering.py}. Not API.
 */
public final class Peering implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Peering.class);
    /** Kopf writes {@code datetime.isoformat()} of an aware UTC time. */
    static final DateTimeFormatter LASTSEEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
    private static final List<String> GROUPS = List.of("kopf.dev/v1", "zalando.org/v1");

    /** One peering object: where it is, and whether its status is a subresource. */
    record Target(String path, String where, boolean statusSubresource) {
    }

    /** Where the peering resource is served: its group/version, plural, and whether it has the status subresource. */
    record Place(String groupVersion, String plural, boolean statusSubresource) {
        Target clusterwide(String name) {
            return new Target("/apis/" + groupVersion + "/" + plural + "/" + name, "cluster-wide", statusSubresource);
        }

        Target in(String namespace, String name) {
            return new Target("/apis/" + groupVersion + "/namespaces/" + namespace + "/" + plural + "/" + name,
                    "in '" + namespace + "'", statusSubresource);
        }
    }

    /** A peer as read from the status. */
    record Peer(String id, int priority, long lifetime, Instant lastseen) {
        Instant deadline() {
            return lastseen.plusSeconds(lifetime);
        }

        boolean dead(Instant now) {
            return !deadline().isAfter(now);
        }

        @Override
        public String toString() {
            return "<Peer " + id + ": priority=" + priority + ", lifetime=" + lifetime + ", lastseen=" + lastseen + ">";
        }
    }

    private final ClusterApi api;
    private final OperatorSettings.Peering settings;
    private final String identity;
    /** The peering objects served now: more as namespaces matching the patterns appear, fewer as they go. */
    private final List<Target> targets;
    private final Place place;
    private final boolean clusterwide;
    private final Clock clock;
    private final Consumer<Boolean> conflicts;
    private final Map<String, Boolean> conflicting = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Set<String>> warnedAbout = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile boolean stopped;
    private volatile boolean paused;
    private Instant nextKeepalive = Instant.MIN;
    private Thread thread;

    private Peering(ClusterApi api, OperatorSettings.Peering settings, String identity, Place place,
                    boolean clusterwide, List<Target> targets, Clock clock, Consumer<Boolean> conflicts) {
        this.api = api;
        this.settings = settings;
        this.identity = identity;
        this.place = place;
        this.clusterwide = clusterwide;
        this.targets = new CopyOnWriteArrayList<>(targets);
        this.clock = clock;
        this.conflicts = conflicts;
    }

    /**
     * Kopf's {@code detect_own_id}: {@code POD_ID} if set, else {@code user@host} (manual, for freeze/resume) or
     * {@code user@host/yyyyMMddHHmmss/rnd}.
     */
    public static String detectOwnId(boolean manual) {
        String pod = System.getenv("POD_ID");
        if (pod != null) {
            return pod;
        }
        String user = System.getProperty("user.name", "unknown");
        String host = hostname();
        if (manual) {
            return user + "@" + host;
        }
        String now = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        String alphabet = "abcdefhijklmnopqrstuvwxyz0123456789";
        StringBuilder rnd = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            rnd.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return user + "@" + host + "/" + now + "/" + rnd;
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /**
     * Finds the peering objects of the operator's scope: the {@code ClusterKopfPeering} when cluster-wide, else the
     * {@code KopfPeering} in each exact namespace. Empty when the peering resource is not served.
     */
    public static Optional<List<Target>> targets(ClusterApi api, String name, boolean clusterwide,
                                                 List<String> namespaces) {
        return place(api, clusterwide).map(p -> targets(p, name, clusterwide, namespaces, true));
    }

    /** Where the peering resource of the scope is served ({@code kopf.dev} first, then the legacy group); empty: nowhere. */
    static Optional<Place> place(ClusterApi api, boolean clusterwide) {
        String plural = clusterwide ? "clusterkopfpeerings" : "kopfpeerings";
        for (String gv : GROUPS) {
            JsonNode doc;
            try {
                doc = api.get("/apis/" + gv);
            } catch (ApiNotFoundError e) {
                continue;
            }
            boolean served = false;
            boolean status = false;
            for (JsonNode r : doc.path("resources")) {
                String n = r.path("name").asText();
                served |= n.equals(plural);
                status |= n.equals(plural + "/status");
            }
            if (served) {
                return Optional.of(new Place(gv, plural, status));
            }
        }
        return Optional.empty();
    }

    /** The peering objects of the exact namespaces among the patterns (or the cluster-wide one). */
    private static List<Target> targets(Place place, String name, boolean clusterwide, List<String> namespaces,
                                        boolean warnPatterns) {
        List<Target> targets = new ArrayList<>();
        if (clusterwide) {
            targets.add(place.clusterwide(name));
            return targets;
        }
        for (String ns : namespaces) {
            for (String one : ns.split(",")) {
                String n = one.trim();
                if (n.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
                    targets.add(place.in(n, name));
                } else if (!n.isEmpty() && warnPatterns) {
                    LOG.warn("Peering: the namespace pattern '{}' is not an exact name; its namespaces are "
                            + "not peered.", n);
                }
            }
        }
        return targets;
    }

    /**
     * Starts peering as the settings say, or returns null when the operator runs standalone (the setting, or a
     * missing peering resource when peering is not mandatory).
     *
     * @param conflicts told true when the operator must pause for its peers, false when it may resume
     * @throws IllegalStateException when peering is mandatory and the peering resource is not served
     */
    public static Peering start(ClusterApi api, OperatorSettings.Peering settings, List<String> namespaces,
                                String identity, Clock clock, Consumer<Boolean> conflicts) {
        if (settings.standalone()) {
            return null;
        }
        boolean clusterwide = namespaces.isEmpty() || settings.clusterwide();
        ClusterApi quick = api.with(api.config().withErrorBackoffs(List.of())).unlimited();
        Optional<Place> found;
        try {
            found = place(quick, clusterwide);
        } catch (ApiError e) {
            found = Optional.empty();
        }
        String kind = clusterwide ? "ClusterKopfPeering" : "KopfPeering";
        if (found.isEmpty()) {
            if (settings.mandatory()) {
                throw new IllegalStateException("Peering is mandatory, but the " + kind + " resource is not served "
                        + "by the cluster (apply the peering CRDs, or run with --standalone).");
            }
            LOG.warn("Default peering object is not found, falling back to the standalone mode: the {} resource "
                    + "(kopf.dev) is not served.", kind);
            return null;
        }
        // Patterns are not warned about: the namespaces that match them are peered as they are served (follow()).
        Peering p = new Peering(quick, settings, identity, found.get(), clusterwide,
                targets(found.get(), settings.name(), clusterwide, namespaces, false), clock, conflicts);
        p.round();
        p.thread = new Thread(p::loop, "kopf4j-peering");
        p.thread.setDaemon(true);
        p.thread.start();
        return p;
    }

    /**
     * A namespace is served now (it appeared and matches the patterns): the operator announces itself in that
     * namespace's peering object and reads its peers at once, before the namespace's objects are handled, so a peer of
     * higher priority there pauses this operator as in the namespaces served from the start. Nothing for a
     * cluster-wide peering, or a namespace peered already.
     */
    public synchronized void follow(String namespace) {
        if (stopped || clusterwide) {
            return;
        }
        Target t = place.in(namespace, settings.name());
        if (targets.contains(t)) {
            return;
        }
        targets.add(t);
        Instant now = clock.instant();
        touch(api, t, settings.name(), identity, settings.priority(), settings.lifetime().toSeconds(), now,
                settings.stealth());
        check(t, now);
        decide();
    }

    /** A served namespace is gone: its peering object is not kept alive or read any more. */
    public synchronized void unfollow(String namespace) {
        if (clusterwide) {
            return;
        }
        Target t = place.in(namespace, settings.name());
        if (targets.remove(t)) {
            conflicting.remove(t.path());
            warnedAbout.remove(t.path());
            decide();
        }
    }

    /** Whether peering has paused the operator now. */
    public boolean paused() {
        return paused;
    }

    private Duration pollInterval() {
        long ms = settings.lifetime().toMillis() / 10;
        return Duration.ofMillis(Math.max(100, Math.min(5000, ms)));
    }

    private void loop() {
        while (!stopped) {
            synchronized (lock) {
                try {
                    lock.wait(pollInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!stopped) {
                round();
            }
        }
    }

    /** One round: a keep-alive when due, then reading the peers of every peering object and deciding. */
    private synchronized void round() {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(nextKeepalive)) {
            for (Target t : targets) {
                touch(api, t, settings.name(), identity, settings.priority(), settings.lifetime().toSeconds(), now,
                        settings.stealth());
            }
            // Kopf: slightly less than the lifetime, with jitter, at least a second.
            long lifetime = Math.max(1, settings.lifetime().toSeconds());
            long seconds = Math.min(lifetime, Math.max(1, lifetime - ThreadLocalRandom.current().nextInt(5, 11)));
            Duration period = Duration.ofSeconds(seconds);
            if (settings.lifetime().compareTo(Duration.ofSeconds(3)) < 0) {
                period = settings.lifetime().dividedBy(2);
            }
            nextKeepalive = now.plus(period);
        }
        for (Target t : targets) {
            check(t, now);
        }
        decide();
    }

    /** Reads the peers of one peering object and records whether they require a pause. */
    private void check(Target t, Instant now) {
        try {
            JsonNode body = api.get(t.path());
            conflicting.put(t.path(), evaluate(t, body, now));
        } catch (ApiNotFoundError e) {
            conflicting.put(t.path(), false);
        } catch (RuntimeException e) {
            LOG.debug("Peering: the peering object {} could not be read: {}", t.where(), e.getMessage());
        }
    }

    /** Pauses or resumes the operator when the peers of any peering object require it. */
    private void decide() {
        boolean any = conflicting.values().stream().anyMatch(Boolean::booleanValue);
        if (any != paused) {
            paused = any;
            conflicts.accept(any);
        }
    }

    /** Kopf's {@code process_peering_event}: whether this operator must pause for the peers in this object. */
    private boolean evaluate(Target t, JsonNode body, Instant now) {
        List<Peer> peers = peers(body.path("status"));
        List<Peer> dead = new ArrayList<>();
        List<Peer> prio = new ArrayList<>();
        List<Peer> same = new ArrayList<>();
        for (Peer p : peers) {
            if (p.dead(now)) {
                dead.add(p);
            } else if (!p.id().equals(identity)) {
                if (p.priority() > settings.priority()) {
                    prio.add(p);
                } else if (p.priority() == settings.priority()) {
                    same.add(p);
                }
            }
        }
        if (!dead.isEmpty()) {
            clean(t, dead);
        }
        boolean was = conflicting.getOrDefault(t.path(), false);
        Set<String> ids = new TreeSet<>();
        prio.forEach(p -> ids.add(p.id()));
        same.forEach(p -> ids.add(p.id()));
        if (!prio.isEmpty()) {
            if (!was) {
                LOG.info("Pausing operations in favour of {}.", prio);
            }
            return true;
        } else if (!same.isEmpty()) {
            if (!ids.equals(warnedAbout.get(t.path()))) {
                LOG.warn("Possibly conflicting operators with the same priority: {}.", same);
            }
            if (!was) {
                LOG.warn("Pausing all operators, including self: {}", peers);
            }
            warnedAbout.put(t.path(), ids);
            return true;
        } else {
            warnedAbout.remove(t.path());
            if (was) {
                LOG.info("Resuming operations after the pause. Conflicting operators with the same priority are "
                        + "gone.");
            }
            return false;
        }
    }

    static List<Peer> peers(JsonNode status) {
        List<Peer> peers = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = status.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                continue;
            }
            Instant lastseen = parseLastseen(v.path("lastseen").asText(null));
            peers.add(new Peer(e.getKey(), v.path("priority").asInt(0), v.path("lifetime").asLong(60),
                    lastseen == null ? Instant.now() : lastseen));
        }
        return peers;
    }

    static Instant parseLastseen(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private void clean(Target t, List<Peer> dead) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        for (Peer p : dead) {
            status.putNull(p.id());
        }
        try {
            patch(api, t, status);
        } catch (RuntimeException e) {
            LOG.debug("Peering: could not remove the dead peers {} {}: {}", dead, t.where(), e.getMessage());
        }
    }

    private static void patch(ClusterApi api, Target t, ObjectNode status) {
        ObjectNode patch = JsonNodeFactory.instance.objectNode();
        patch.set("status", status);
        if (t.statusSubresource()) {
            api.patchStatus(t.path(), patch);
        } else {
            api.patch(t.path(), patch, ClusterApi.PatchType.MERGE);
        }
    }

    /**
     * Kopf's {@code touch}: writes this identity's record into the peering object, or removes it when the lifetime
     * is zero or less. Returns whether the object exists.
     */
    static boolean touch(ClusterApi api, Target t, String name, String identity, int priority, long lifetime,
                         Instant now, boolean stealth) {
        ObjectNode status = JsonNodeFactory.instance.objectNode();
        if (lifetime <= 0) {
            status.putNull(identity);
        } else {
            status.putObject(identity).put("priority", priority).put("lifetime", lifetime)
                    .put("lastseen", LASTSEEN.format(now));
        }
        boolean found;
        try {
            patch(api, t, status);
            found = true;
        } catch (ApiNotFoundError e) {
            found = false;
        } catch (RuntimeException e) {
            LOG.debug("Keep-alive in '{}' {} failed: {}", name, t.where(), e.getMessage());
            return true;
        }
        if (!stealth || !found) {
            LOG.debug("Keep-alive in '{}' {}: {}.", name, t.where(), found ? "ok" : "not found");
        }
        return found;
    }

    /**
     * Kopf's {@code touch_command} (for {@code freeze} and {@code resume}): writes a record with the given identity,
     * priority and lifetime into the peering object(s) of the scope, or removes it when the lifetime is zero.
     *
     * @return where the peering object was not found (nothing was written there)
     * @throws IllegalStateException when the peering resource is not served at all
     */
    public static List<String> touchCommand(ClusterApi api, String name, boolean clusterwide, List<String> namespaces,
                                            String identity, int priority, long lifetime) {
        List<Target> targets = targets(api, name, clusterwide, namespaces).orElseThrow(() ->
                new IllegalStateException("Cannot find the peering resource "
                        + (clusterwide ? "clusterkopfpeerings" : "kopfpeerings") + " (kopf.dev or zalando.org)."));
        List<String> missing = new ArrayList<>();
        for (Target t : targets) {
            if (!touch(api, t, name, identity, priority, lifetime, Instant.now(), false)) {
                missing.add(t.where());
            }
        }
        return missing;
    }

    /** Stops the keep-alives and removes this operator's record (Kopf: a last touch with lifetime 0). */
    @Override
    public void close() {
        stopped = true;
        LoopThreads.stop(thread, lock);
        synchronized (this) {
            for (Target t : targets) {
                try {
                    touch(api, t, settings.name(), identity, settings.priority(), 0, clock.instant(), true);
                } catch (RuntimeException e) {
                    LOG.warn("Couldn't remove self from the peering {}: {}. Ignoring.", t.where(), e.getMessage());
                }
            }
        }
    }
}
