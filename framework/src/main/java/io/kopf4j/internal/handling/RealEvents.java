package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
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
 * throws and never blocks. Explicit calls always post (unless posting is disabled as a whole). Kopf:
 * {@code kopf/_core/engines/posting.py} ({@code event}, {@code info}, {@code warn}, {@code exception}).
 */
public final class RealEvents implements Events {
    private static final Logger LOG = LoggerFactory.getLogger(RealEvents.class);

    private final EventPoster poster;
    private final boolean enabled;

    public RealEvents(EventPoster poster, boolean enabled) {
        this.poster = Objects.requireNonNull(poster, "poster");
        this.enabled = enabled;
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
        event(object, "Normal", reason, message);
    }

    @Override
    public void warn(Object object, String reason, String message) {
        event(object, "Warning", reason, message);
    }

    @Override
    public void exception(Object object, String reason, Throwable error) {
        String message = error == null ? "" : error.getMessage() == null ? error.getClass().getName()
                : error.getMessage();
        event(object, "Error", reason, message);
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
