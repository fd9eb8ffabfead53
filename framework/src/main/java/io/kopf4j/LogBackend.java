package io.kopf4j;

import org.slf4j.event.Level;

import java.util.List;
import java.util.Objects;

/**
 * The logging binding's side of the log flags of {@code Kopf.run} ({@code -v}, {@code -d}, {@code -q},
 * {@code --log-format plain|full|json}, {@code --log-refkey}). kopf4j only logs through the slf4j API, which has no
 * way to set levels or formats; a binding that wants the flags provides this interface as a {@link
 * java.util.ServiceLoader} service ({@code META-INF/services/io.kopf4j.LogBackend}), and {@code Kopf.run} calls
 * {@link #configure} once, before the operator starts. Without one (or when it does not support the requested
 * format), the flags are passed to slf4j-simple's system properties, and {@code --log-format json} is warned about
 * and written in the full format. The examples jar ships such a binding.
 *
 * <p>Lines about an object (those of the {@code Logger} injected into handlers) carry the object's reference in the
 * slf4j {@link org.slf4j.MDC} while they are logged, under the keys {@link #OBJECT_KEYS} ({@code object.apiVersion},
 * {@code object.kind}, {@code object.namespace}, {@code object.name}, {@code object.uid}; absent fields are left
 * out), so that JSON lines can carry them as Kopf's do under the {@code --log-refkey} key (default {@code object}).
 * Any binding that writes the MDC (logback's or log4j's JSON layouts) gets them too. Whether the message itself starts
 * with {@code [namespace/name]} is {@code --log-prefix}/{@code --no-log-prefix} (default: prefixed, except in JSON).
 */
public interface LogBackend {
    /** The MDC keys of the object a log line is about. */
    List<String> OBJECT_KEYS = List.of("object.apiVersion", "object.kind", "object.namespace",
            "object.name", "object.uid");

    /** The line formats of {@code --log-format}. Kopf: {@code LogFormat}. */
    enum Format {
        /** The message only. */
        PLAIN,
        /** Timestamp, logger, level and message (the default). */
        FULL,
        /** One JSON object per line: timestamp, level, logger, message, the object reference, the exception. */
        JSON
    }

    /**
     * What the command line asks for.
     *
     * @param level        the level of kopf4j's and the operator's loggers: DEBUG with {@code -v} or {@code -d},
     *                     WARN with {@code -q}, else INFO
     * @param libraryLevel the level of the libraries' loggers (client-java, OkHttp, ...): DEBUG only with
     *                     {@code -d}, WARN with {@code -q}, else INFO
     * @param format       the line format
     * @param refkey       the JSON key of the object reference
     */
    record Settings(Level level, Level libraryLevel, Format format, String refkey) {
        /** Checks that every component is given. */
        public Settings {
            Objects.requireNonNull(level, "level");
            Objects.requireNonNull(libraryLevel, "libraryLevel");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(refkey, "refkey");
        }
    }

    /** Whether this binding can write lines in the format; it is configured only then. */
    boolean supports(Format format);

    /** Applies the settings from now on, also to loggers made before. */
    void configure(Settings settings);
}
