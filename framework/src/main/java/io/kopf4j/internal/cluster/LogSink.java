package io.kopf4j.internal.cluster;

import org.slf4j.Logger;
import org.slf4j.event.Level;

import java.util.Objects;

/**
 * Where the scanner and the event poster send the few messages an operator's user must see (a skipped API
 * group/version, a rejected Event). The default writes to an slf4j logger; tests wrap it to count what was said, which
 * is how "warned exactly once" is asserted without scraping log output. Not API.
 */
@FunctionalInterface
public interface LogSink {

    void log(Level level, String message);

    /** A sink that writes to {@code logger} at the given level. */
    static LogSink of(Logger logger) {
        Objects.requireNonNull(logger, "logger");
        return (level, message) -> {
            switch (level) {
                case ERROR:
                    logger.error(message);
                    break;
                case WARN:
                    logger.warn(message);
                    break;
                case INFO:
                    logger.info(message);
                    break;
                case DEBUG:
                    logger.debug(message);
                    break;
                default:
                    logger.trace(message);
            }
        };
    }
}
