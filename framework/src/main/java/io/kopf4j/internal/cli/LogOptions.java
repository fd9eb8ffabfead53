package io.kopf4j.internal.cli;

import java.util.Objects;
import java.util.Optional;
import org.slf4j.event.Level;

/**
 * The logging options shared by all commands: {@code -v/--verbose}, {@code -d/--debug}, {@code -q/--quiet},
 * {@code --log-format}, {@code --log-refkey}, {@code --log-prefix/--no-log-prefix}. Kopf: {@code cli.logging_options}
 * and {@code loggers.configure}.
 *
 * @param verbose {@code -v}: debug-level logs of the operator
 * @param debug {@code -d}: debug-level logs, also of the libraries
 * @param quiet {@code -q}: warnings and errors only (never together with verbose or debug)
 * @param format the line format, {@link LogFormat#FULL} by default
 * @param refkey the key under which JSON lines carry the object reference, if given
 * @param prefix whether messages about an object are prefixed with its namespace/name; when neither option is given,
 *     true except for the JSON format (as Kopf)
 */
public record LogOptions(boolean verbose, boolean debug, boolean quiet, LogFormat format, Optional<String> refkey,
                         boolean prefix) {
    public LogOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(refkey, "refkey");
        if (quiet && (verbose || debug)) {
            throw new IllegalArgumentException("quiet cannot be combined with verbose or debug");
        }
    }

    /** The defaults: INFO, the full format, prefixed. */
    public static LogOptions defaults() {
        return new LogOptions(false, false, false, LogFormat.FULL, Optional.empty(), true);
    }

    /**
     * The level of the root logger, as Kopf: DEBUG if verbose or debug, WARN if quiet, else INFO.
     *
     * @return the level
     */
    public Level level() {
        return verbose || debug ? Level.DEBUG : quiet ? Level.WARN : Level.INFO;
    }
}
