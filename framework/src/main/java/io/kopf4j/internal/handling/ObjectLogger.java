package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.EventLevel;
import io.kopf4j.LogBackend;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.model.ResourceKind;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.Objects;

/**
 * The per-object logger handlers get: every line is prefixed with the object ({@code [namespace/name] message}, or
 * {@code [name]} for cluster-scoped objects; unless {@code --no-log-prefix}, see {@link #prefixing}) and written to
 * the framework's logger; lines at or above the posting level also become Kubernetes Events about the object when
 * posting of loggers is on (Kopf's {@code settings.posting.loggers}, off by default). While a line is written, the
 * object's reference is in the slf4j MDC under {@link LogBackend#OBJECT_KEYS}, for bindings that write structured
 * lines; the MDC keys are restored right after, so nothing lingers on the thread. Kopf:
 * {@code kopf/_core/actions/loggers.py} ({@code ObjectLogger}).
 */
public final class ObjectLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    /**
     * When log lines become Events.
     *
     * @param enabled whether posting is on at all and for loggers (both {@code posting.enabled} and
     *                {@code posting.loggers})
     * @param level   the minimum level posted ({@code posting.level})
     */
    public record Posting(boolean enabled, EventLevel level) {
        /** Nothing is posted. */
        public static Posting off() {
            return new Posting(false, EventLevel.INFO);
        }
    }

    private final transient Logger delegate;
    private final transient JsonNode body;
    private final transient ResourceKind resource;
    private final transient EventPoster poster;
    private final Posting posting;
    private final String prefix;
    private final transient String[] reference;

    /** Whether messages start with the object ({@code --log-prefix}); process-wide, as logging configuration is. */
    private static volatile boolean prefixing = true;

    /** Sets whether messages start with {@code [namespace/name]}: {@code --log-prefix}/{@code --no-log-prefix}. */
    public static void prefixing(boolean on) {
        prefixing = on;
    }

    /**
     * @param delegate where lines are written
     * @param body     the object (its metadata names it; its reference is put into Events)
     * @param resource its resource kind, for Events
     * @param poster   the Event poster, or null to never post
     * @param posting  when to post
     */
    public ObjectLogger(Logger delegate, JsonNode body, ResourceKind resource, EventPoster poster, Posting posting) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.body = body;
        this.resource = resource;
        this.poster = poster;
        this.posting = Objects.requireNonNull(posting, "posting");
        this.name = delegate.getName();
        this.prefix = prefixOf(body);
        this.reference = referenceOf(body, resource);
    }

    /** The values of {@link LogBackend#OBJECT_KEYS}, null where unknown. */
    private static String[] referenceOf(JsonNode body, ResourceKind resource) {
        JsonNode meta = body.path("metadata");
        return new String[]{
            text(body.path("apiVersion"), resource == null ? null : resource.apiVersion()),
            text(body.path("kind"), resource == null ? null : resource.kind()),
            text(meta.path("namespace"), null),
            text(meta.path("name"), null),
            text(meta.path("uid"), null)};
    }

    private static String text(JsonNode node, String fallback) {
        String value = node.isTextual() ? node.asText() : null;
        return value == null || value.isEmpty() ? fallback : value;
    }

    static String prefixOf(JsonNode body) {
        String namespace = body.path("metadata").path("namespace").asText("");
        String name = body.path("metadata").path("name").asText("");
        return namespace.isEmpty() ? "[" + name + "] " : "[" + namespace + "/" + name + "] ";
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled() || posts(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled() || posts(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled() || posts(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled() || posts(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable error) {
        String message = MessageFormatter.basicArrayFormat(pattern, args);
        String line = prefixing ? prefix + message : message;
        String[] previous = new String[reference.length];
        for (int i = 0; i < reference.length; i++) {
            String key = LogBackend.OBJECT_KEYS.get(i);
            previous[i] = MDC.get(key);
            if (reference[i] == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, reference[i]);
            }
        }
        try {
            write(level, line, error);
        } finally {
            for (int i = 0; i < previous.length; i++) {
                if (previous[i] == null) {
                    MDC.remove(LogBackend.OBJECT_KEYS.get(i));
                } else {
                    MDC.put(LogBackend.OBJECT_KEYS.get(i), previous[i]);
                }
            }
        }
        if (posts(level)) {
            EventLevel eventLevel = eventLevel(level);
            poster.post(body, resource, eventLevel.eventType(), "Logging", message);
        }
    }

    private void write(Level level, String line, Throwable error) {
        switch (level) {
            case ERROR:
                delegate.error(line, error);
                break;
            case WARN:
                delegate.warn(line, error);
                break;
            case INFO:
                delegate.info(line, error);
                break;
            case DEBUG:
                delegate.debug(line, error);
                break;
            default:
                delegate.trace(line, error);
        }
    }

    private boolean posts(Level level) {
        return poster != null && posting.enabled() && level != Level.TRACE
                && eventLevel(level).atLeast(posting.level());
    }

    private static EventLevel eventLevel(Level level) {
        switch (level) {
            case ERROR:
                return EventLevel.ERROR;
            case WARN:
                return EventLevel.WARNING;
            case INFO:
                return EventLevel.INFO;
            default:
                return EventLevel.DEBUG;
        }
    }
}
