package io.kopf4j.examples.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.kopf4j.LogBackend;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders one log record in a {@link LogBackend.Format}, with the line break:
 * <ul>
 *   <li>{@code plain}: the message (then the stack trace, if any);</li>
 *   <li>{@code full}: {@code [2030-01-01T12:00:00.000+01:00] logger-name [INFO   ] message} (then the stack trace),
 *       Kopf's full format with an ISO timestamp;</li>
 *   <li>{@code json}: one object per line: {@code timestamp} (ISO-8601, UTC), {@code level} ({@code INFO}),
 *       {@code severity} ({@code info}, Kopf's and Google Cloud's name), {@code logger}, {@code thread},
 *       {@code message}, the object a line is about under the refkey ({@code "object": {"apiVersion", "kind",
 *       "namespace", "name", "uid"}}, from the MDC keys of {@link LogBackend#OBJECT_KEYS}), other MDC entries and
 *       key-value pairs as fields of their own, and {@code exception}: the stack trace as one string.</li>
 * </ul>
 */
final class LineFormat {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter FULL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
            Locale.ROOT).withZone(ZoneId.systemDefault());
    private static final String OBJECT_PREFIX = "object.";
    /** Fields of every JSON line, which MDC entries and key-value pairs may not replace. */
    private static final List<String> FIELDS = List.of("timestamp", "level", "severity", "logger", "thread",
            "message", "exception");

    private LineFormat() {
    }

    /** One log record. */
    record Record(Instant timestamp, Level level, String logger, String thread, String message,
                  Map<String, String> mdc, List<KeyValuePair> pairs, Throwable error) {
    }

    static String render(Record r, LogBackend.Settings settings) {
        switch (settings.format()) {
            case JSON:
                return json(r, settings.refkey()) + System.lineSeparator();
            case PLAIN:
                return withPairs(r) + System.lineSeparator() + stack(r.error());
            case FULL:
            default:
                return "[" + FULL_TIME.format(r.timestamp()) + "] " + pad(r.logger(), 20) + " ["
                        + pad(r.level().name(), 7) + "] " + withPairs(r) + System.lineSeparator() + stack(r.error());
        }
    }

    private static String withPairs(Record r) {
        if (r.pairs().isEmpty()) {
            return r.message();
        }
        StringBuilder s = new StringBuilder(r.message());
        for (KeyValuePair p : r.pairs()) {
            s.append(' ').append(p.key).append('=').append(p.value);
        }
        return s.toString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static String stack(Throwable error) {
        if (error == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        error.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static String json(Record r, String refkey) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", r.timestamp().toString());
            g.writeStringField("level", r.level().name());
            g.writeStringField("severity", r.level().name().toLowerCase(Locale.ROOT));
            g.writeStringField("logger", r.logger());
            g.writeStringField("thread", r.thread());
            g.writeStringField("message", r.message());
            Map<String, String> object = new TreeMap<>();
            Map<String, String> others = new TreeMap<>();
            r.mdc().forEach((k, v) -> {
                if (k.startsWith(OBJECT_PREFIX)) {
                    object.put(k.substring(OBJECT_PREFIX.length()), v);
                } else if (!FIELDS.contains(k) && !k.equals(refkey)) {
                    others.put(k, v);
                }
            });
            if (!object.isEmpty()) {
                g.writeObjectFieldStart(refkey);
                for (Map.Entry<String, String> e : object.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            for (Map.Entry<String, String> e : others.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            for (KeyValuePair p : r.pairs()) {
                if (!FIELDS.contains(p.key) && !p.key.equals(refkey) && !others.containsKey(p.key)) {
                    g.writeStringField(p.key, String.valueOf(p.value));
                }
            }
            if (r.error() != null) {
                g.writeStringField("exception", stack(r.error()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON log line", e);
        }
        return out.toString();
    }
}
