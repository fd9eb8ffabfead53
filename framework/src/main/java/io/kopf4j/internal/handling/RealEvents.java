package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.EventLevel;
import io.kopf4j.Events;
import io.kopf4j.View;
import io.kopf4j.internal.cluster.EventPoster;
import io.kopf4j.internal.registry.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * The {@link Events} injectable over the guarded {@link EventPoster}: any object (a view, a Jackson tree, a map, a
 * POJO or a client-java model with the usual getters) is turned into a tree the poster takes references from. Never
 * throws and never blocks. Explicit calls post whether or not log lines are posted ({@code posting.loggers}), unless
 * posting is disabled as a whole; as in Kopf, {@code info}, {@code warn} and {@code exception} respect
 * {@code posting.level} (e.g. at {@code WARNING}, {@code info} posts nothing), {@code event} posts any type. Kopf:
 * {@code kopf/_core/engines/posting.py} ({@code event}, {@code info}, {@code warn}, {@code exception}).
 */
public final class RealEvents implements Events {
    private static final Logger LOG = LoggerFactory.getLogger(RealEvents.class);

    private final EventPoster poster;
    private final boolean enabled;
    private final EventLevel level;

    /**
     * @param enabled whether to post at all ({@code posting.enabled})
     * @param level   the minimum level of {@code info}/{@code warn}/{@code exception} ({@code posting.level})
     */
    public RealEvents(EventPoster poster, boolean enabled, EventLevel level) {
        this.poster = Objects.requireNonNull(poster, "poster");
        this.enabled = enabled;
        this.level = Objects.requireNonNull(level, "level");
    }

    @Override
    public void event(Object object, String type, String reason, String message) {
        if (!enabled) {
            return;
        }
        try {
            JsonNode ref = toTree(object);
            if (ref != null) {
                poster.post(ref, type, reason, message);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not post an Event ({}): {}", reason, e.toString());
        }
    }

    @Override
    public void info(Object object, String reason, String message) {
        if (EventLevel.INFO.atLeast(level)) {
            event(object, "Normal", reason, message);
        }
    }

    @Override
    public void warn(Object object, String reason, String message) {
        if (EventLevel.WARNING.atLeast(level)) {
            event(object, "Warning", reason, message);
        }
    }

    @Override
    public void exception(Object object, String reason, Throwable error) {
        String message = error == null ? "" : error.getMessage() == null ? error.getClass().getName()
                : error.getMessage();
        if (EventLevel.ERROR.atLeast(level)) {
            event(object, "Error", reason, message);
        }
    }

    private static JsonNode toTree(Object object) {
        if (object == null) {
            return null;
        }
        if (object instanceof View) {
            return ((View) object).json();
        }
        if (object instanceof JsonNode) {
            return (JsonNode) object;
        }
        return Views.MAPPER.valueToTree(object);
    }
}
