package io.kopf4j.internal.cli;

import io.kopf4j.LogBackend;
import io.kopf4j.internal.handling.ObjectLogger;
import org.slf4j.event.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Applies the log flags ({@code -v}, {@code -d}, {@code -q}, {@code --log-format}, {@code --log-refkey},
 * {@code --log-prefix}). slf4j itself has no API for levels or formats, so the framework stays binding-agnostic: a
 * binding that provides {@link LogBackend} (found with {@link ServiceLoader}) is configured through it; otherwise the
 * flags become the system properties of slf4j-simple ({@code org.slf4j.simpleLogger.*}, unless already set), read
 * when its first logger is created, and a format it cannot write (JSON) is reported for a warning. Whether object
 * loggers prefix their messages with the object is {@code --log-prefix}, whatever the binding. Not API.
 */
final class LogSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";
    /** The JSON key of the object reference without {@code --log-refkey}, as Kopf's. */
    static final String DEFAULT_REFKEY = "object";

    private LogSetup() {
    }

    /**
     * Applies the options before the first log line.
     *
     * @return a warning to log once logging is set up, when the binding cannot do what was asked
     */
    static Optional<String> apply(LogOptions options) {
        ObjectLogger.prefixing(options.prefix());
        LogBackend.Format format = LogBackend.Format.valueOf(options.format().name());
        LogBackend.Settings settings = new LogBackend.Settings(options.level(),
                options.debug() ? Level.DEBUG : options.quiet() ? Level.WARN : Level.INFO, format,
                options.refkey().orElse(DEFAULT_REFKEY));
        List<String> unable = new ArrayList<>();
        for (LogBackend backend : backends()) {
            if (backend.supports(format)) {
                backend.configure(settings);
                return Optional.empty();
            }
            unable.add(backend.getClass().getName());
        }
        applySimple(options);
        if (format == LogBackend.Format.JSON) {
            // The lines are text after all: keep the object in them, as the full format does.
            ObjectLogger.prefixing(true);
            return Optional.of("--log-format json needs a logging binding that writes JSON: one that provides "
                    + "io.kopf4j.LogBackend (as the kopf4j examples' binding does)"
                    + (unable.isEmpty() ? "" : "; " + String.join(", ", unable) + " cannot")
                    + ". The lines are written in the full format, prefixed with the object.");
        }
        return Optional.empty();
    }

    private static List<LogBackend> backends() {
        List<LogBackend> found = new ArrayList<>();
        try {
            ServiceLoader.load(LogBackend.class).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            // A broken service entry: logging falls back to slf4j-simple's properties; nothing to log with yet.
            System.err.println("kopf4j: ignoring a log backend that cannot be loaded: " + e.getMessage());
        }
        return found;
    }

    private static void applySimple(LogOptions options) {
        set("defaultLogLevel", options.level().name().toLowerCase(Locale.ROOT));
        switch (options.format()) {
            case PLAIN:
                set("showThreadName", "false");
                set("showLogName", "false");
                set("showDateTime", "false");
                break;
            case JSON:
                // slf4j-simple cannot write JSON: keep the full format, with timestamps, one record per line.
            case FULL:
            default:
                set("showDateTime", "true");
                set("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
                set("showThreadName", "true");
                set("showShortLogName", "true");
                break;
        }
    }

    private static void set(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
