package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.model.ResourceKind;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guarded event poster: turns "post an Event about this object" into a core/v1 Event that the API server accepts,
 * and makes sure posting can never hurt a handler.
 *
 * <ul>
 *   <li>The {@code involvedObject} is built from whatever the body or reference has ({@code apiVersion}, {@code kind},
 *       {@code name}, {@code uid}, {@code namespace} may each be missing); the resolved {@link ResourceKind}, when
 *       given, fills in {@code apiVersion} and {@code kind}; whatever is still unknown is omitted.</li>
 *   <li>The Event lives in the object's namespace; for a cluster-scoped object (or one of unknown namespace) in the
 *       configured default namespace. There, {@code involvedObject.namespace} stays empty when the namespace is
 *       {@code default} or {@code kube-system} (so {@code kubectl describe} of cluster-scoped objects finds it), and
 *       is set to the Event's namespace otherwise, which is what the server's validation demands.</li>
 *   <li>{@code eventTime} is a MicroTime with exactly six fraction digits; {@code firstTimestamp}/{@code lastTimestamp},
 *       {@code reportingComponent}, {@code reportingInstance}, {@code source.component} and {@code action} are set
 *       as Kopf sets them; the name is generated from the prefix.</li>
 *   <li>Messages over 1024 bytes are shortened in the middle; reasons are cut to 128 characters.</li>
 *   <li>Events about Events are never posted (no event storms when Events themselves are handled).</li>
 *   <li>{@link #post} only enqueues (a bounded queue, one background sender), so it never blocks; a full queue drops
 *       the Event with one warning per overflow.</li>
 *   <li>A rejected Event (any 4xx, or a 5xx after the pipeline's retries) is dropped and logged once per kind of
 *       failure (status, reason of the Event, kind of the object), then only at DEBUG.</li>
 *   <li>{@link #post} never throws.</li>
 * </ul>
 *
 * <p>Kopf 1.37 crashed here with {@code KeyError: 'apiVersion'} (nolar/kopf#1144). Not API. Kopf:
 * {@code kopf/_cogs/clients/events.py}.
 */
public final class EventPoster implements AutoCloseable {
    /** The longest message the server accepts, in UTF-8 bytes (Go's {@code len}). Kopf: MAX_MESSAGE_LENGTH. */
    static final int MAX_MESSAGE_BYTES = 1024;
    /** What replaces the middle of a shortened message. Kopf: CUT_MESSAGE_INFIX. */
    static final String CUT_INFIX = "...";
    static final int MAX_REASON_LENGTH = 128;

    private static final DateTimeFormatter MICRO_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * The posting settings (Kopf's {@code settings.posting}, plus the context's default namespace).
     *
     * @param enabled            whether to post at all (Kopf: {@code posting.enabled}, default true)
     * @param reportingComponent {@code reportingComponent} and {@code source.component} (default {@code kopf})
     * @param reportingInstance  {@code reportingInstance} (default {@code dev})
     * @param eventNamePrefix    the {@code generateName} of Events (default {@code kopf-event-})
     * @param defaultNamespace   where Events about cluster-scoped objects go: the login context's namespace
     *                           (default {@code default})
     * @param queueCapacity      how many Events may wait for the sender before new ones are dropped (default 1000)
     */
    public record Config(boolean enabled, String reportingComponent, String reportingInstance, String eventNamePrefix,
                         String defaultNamespace, int queueCapacity) {
        public Config {
            Objects.requireNonNull(reportingComponent, "reportingComponent");
            Objects.requireNonNull(reportingInstance, "reportingInstance");
            Objects.requireNonNull(eventNamePrefix, "eventNamePrefix");
            defaultNamespace = defaultNamespace == null || defaultNamespace.isEmpty() ? "default" : defaultNamespace;
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("the event queue needs room for at least one event");
            }
        }

        public static Config defaults() {
            return new Config(true, "kopf", "dev", "kopf-event-", "default", 1000);
        }

        public Config withDefaultNamespace(String namespace) {
            return new Config(enabled, reportingComponent, reportingInstance, eventNamePrefix, namespace,
                    queueCapacity);
        }

        public Config withQueueCapacity(int capacity) {
            return new Config(enabled, reportingComponent, reportingInstance, eventNamePrefix, defaultNamespace,
                    capacity);
        }
    }

    /** One Event ready to send, with what the logs say about it. */
    private record Outgoing(String namespace, ObjectNode body, String about, String failureKey) {
    }

    private final ClusterApi api;
    private final Config config;
    private final InstantSource clock;
    private final LogSink log;
    private final BlockingQueue<Outgoing> queue;
    private final Thread sender;
    private final Set<String> warnedFailures = ConcurrentHashMap.newKeySet();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Object idle = new Object();
    private long pending; // guarded by idle
    private long droppedInOverflow; // guarded by idle
    private boolean overflowing; // guarded by idle
    private volatile boolean closed;

    public EventPoster(ClusterApi api, Config config) {
        this(api, config, InstantSource.system(), LogSink.of(LoggerFactory.getLogger(EventPoster.class)));
    }

    public EventPoster(ClusterApi api, Config config, InstantSource clock, LogSink log) {
        this.api = Objects.requireNonNull(api, "api");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.sender = new Thread(this::sendLoop, "kopf4j-event-poster");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** {@link #post(JsonNode, ResourceKind, String, String, String)} without a known resource kind. */
    public boolean post(JsonNode objectOrRef, String type, String reason, String message) {
        return post(objectOrRef, null, type, reason, message);
    }

    /**
     * Queues an Event about an object. Never blocks and never throws.
     *
     * @param objectOrRef a body (with {@code metadata}) or an object reference ({@code apiVersion}, {@code kind},
     *                    {@code name}, {@code uid}, {@code namespace} at the top), each field optional
     * @param kind        the resolved resource kind of the object, or null when unknown
     * @param type        {@code Normal} or {@code Warning} (Kopf also uses {@code Error})
     * @param reason      a short CamelCase reason
     * @param message     free text; shortened in the middle when too long
     * @return whether the Event was queued (false: posting disabled, an Event about an Event, the queue full, or
     *         closed)
     */
    public boolean post(JsonNode objectOrRef, ResourceKind kind, String type, String reason, String message) {
        try {
            if (!config.enabled() || closed) {
                return false;
            }
            Outgoing out = build(objectOrRef, kind, type, reason, message);
            if (out == null) {
                return false;
            }
            synchronized (idle) {
                if (!queue.offer(out)) {
                    dropped.incrementAndGet();
                    droppedInOverflow++;
                    if (!overflowing) {
                        overflowing = true;
                        log.log(Level.WARN, "The event queue is full (" + config.queueCapacity() + " events waiting);"
                                + " dropping new Events until it drains");
                    }
                    return false;
                }
                pending++;
            }
            return true;
        } catch (RuntimeException e) {
            warnOnce("build:" + e.getClass().getName(), "Failed to prepare an Event (reason=" + reason
                    + "); dropped it: " + e);
            return false;
        }
    }

    /** Waits until every queued Event was sent or dropped; false if that took longer than {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (pending > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** How many Events the server accepted. */
    public long posted() {
        return posted.get();
    }

    /** How many Events were dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** How many Events the server rejected (or could not be reached for). */
    public long rejected() {
        return rejected.get();
    }

    /** Stops accepting Events, sends what is queued for up to two seconds, then stops the sender. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            sender.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
    }

    // ------------------------------------------------------------------------------------------ building

    /** The Event to send, or null when none should be (an Event about an Event). */
    Outgoing build(JsonNode objectOrRef, ResourceKind kind, String type, String reason, String message) {
        JsonNode src = objectOrRef == null || !objectOrRef.isObject() ? NODES.objectNode() : objectOrRef;
        JsonNode meta = src.path("metadata").isObject() ? src.get("metadata") : src;
        String apiVersion = text(src.get("apiVersion"));
        String kindName = text(src.get("kind"));
        if (kind != null) {
            apiVersion = apiVersion != null ? apiVersion : kind.apiVersion();
            kindName = kindName != null ? kindName : kind.kind();
        }
        if (isAboutAnEvent(apiVersion, kindName, kind)) {
            log.log(Level.DEBUG, "Not posting an Event about an Event (reason=" + reason + ")");
            return null;
        }
        String name = text(meta.get("name"));
        String uid = text(meta.get("uid"));
        String objectNamespace = kind != null && !kind.namespaced() ? null : text(meta.get("namespace"));

        String namespace = objectNamespace != null ? objectNamespace : config.defaultNamespace();
        ObjectNode involved = NODES.objectNode();
        putIfSet(involved, "apiVersion", apiVersion);
        putIfSet(involved, "kind", kindName);
        putIfSet(involved, "name", name);
        putIfSet(involved, "uid", uid);
        if (objectNamespace != null) {
            involved.put("namespace", objectNamespace);
        } else if (!namespace.equals("default") && !namespace.equals("kube-system")) {
            // With eventTime set, an empty involvedObject.namespace is only valid in default and kube-system.
            involved.put("namespace", namespace);
        }

        Instant now = clock.instant();
        String safeReason = reason == null || reason.isBlank() ? "Unknown"
                : reason.length() > MAX_REASON_LENGTH ? reason.substring(0, MAX_REASON_LENGTH) : reason;
        ObjectNode event = NODES.objectNode();
        event.put("apiVersion", "v1");
        event.put("kind", "Event");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("namespace", namespace);
        metadata.put("generateName", config.eventNamePrefix());
        event.put("action", "Action?");
        event.put("type", type == null || type.isBlank() ? "Normal" : type);
        event.put("reason", safeReason);
        event.put("message", shorten(message == null ? "" : message));
        event.put("reportingComponent", config.reportingComponent());
        event.put("reportingInstance", config.reportingInstance());
        event.putObject("source").put("component", config.reportingComponent());
        event.set("involvedObject", involved);
        event.put("firstTimestamp", TIME.format(now));
        event.put("lastTimestamp", TIME.format(now));
        event.put("eventTime", MICRO_TIME.format(now));

        String about = (kindName == null ? "an object" : kindName) + " "
                + (objectNamespace == null ? "" : objectNamespace + "/") + (name == null ? "(unnamed)" : name);
        String failureKey = safeReason + "|" + (kindName == null ? "" : kindName);
        return new Outgoing(namespace, event, about, failureKey);
    }

    private static boolean isAboutAnEvent(String apiVersion, String kindName, ResourceKind kind) {
        if (kind != null && kind.isEvents()) {
            return true;
        }
        return "Event".equals(kindName) && (apiVersion == null || apiVersion.equals("v1")
                || apiVersion.startsWith("events.k8s.io/"));
    }

    /**
     * Shortens a message longer than {@value #MAX_MESSAGE_BYTES} UTF-8 bytes by cutting out its middle: the head and
     * the tail stay, joined by {@value #CUT_INFIX}, never splitting a character.
     */
    static String shorten(String message) {
        if (utf8Length(message) <= MAX_MESSAGE_BYTES) {
            return message;
        }
        int budget = MAX_MESSAGE_BYTES - CUT_INFIX.length();
        int headBudget = budget - budget / 2;
        int tailBudget = budget / 2;
        StringBuilder head = new StringBuilder();
        int used = 0;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            int bytes = utf8Length(new String(Character.toChars(cp)));
            if (used + bytes > headBudget) {
                break;
            }
            head.appendCodePoint(cp);
            used += bytes;
            i += Character.charCount(cp);
        }
        int start = message.length();
        used = 0;
        while (start > 0) {
            int cp = message.codePointBefore(start);
            int bytes = utf8Length(new String(Character.toChars(cp)));
            if (used + bytes > tailBudget) {
                break;
            }
            used += bytes;
            start -= Character.charCount(cp);
        }
        return head + CUT_INFIX + message.substring(start);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    // ------------------------------------------------------------------------------------------ sending

    private void sendLoop() {
        while (true) {
            Outgoing out;
            try {
                out = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (out == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            try {
                send(out);
            } finally {
                synchronized (idle) {
                    pending--;
                    if (pending == 0) {
                        if (overflowing) {
                            log.log(Level.INFO, "The event queue drained; " + droppedInOverflow
                                    + " Events were dropped while it was full");
                            overflowing = false;
                            droppedInOverflow = 0;
                        }
                        idle.notifyAll();
                    }
                }
            }
        }
    }

    private void send(Outgoing out) {
        try {
            api.create("/api/v1/namespaces/" + out.namespace() + "/events", out.body());
            posted.incrementAndGet();
        } catch (ApiError e) {
            rejected.incrementAndGet();
            String what = e instanceof ApiConnectionError ? e.statusLine() : Integer.toString(e.status());
            warnOnce(what + "|" + out.failureKey(), "Failed to post an Event (type=" + out.body().path("type").asText()
                    + ", reason=" + out.body().path("reason").asText() + ") about " + out.about()
                    + "; dropped it, and will not warn again about such Events: " + e.getMessage());
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            warnOnce(e.getClass().getName() + "|" + out.failureKey(), "Failed to post an Event (reason="
                    + out.body().path("reason").asText() + ") about " + out.about() + "; dropped it: " + e);
        }
    }

    private void warnOnce(String key, String message) {
        log.log(warnedFailures.add(key) ? Level.WARN : Level.DEBUG, message);
    }
}
