package io.kopf4j.examples.logging;

import io.kopf4j.LogBackend;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One named logger of {@link LineLogging}: checks the level in force for its name (libraries have their own, so that
 * {@code -v} shows the operator's debug lines without the HTTP client's), and writes each record as one line (plus
 * the stack trace in the text formats) with a single write, so that lines of threads never interleave. Key-value
 * pairs of slf4j's fluent API become JSON fields ({@code key=value} in the text formats).
 */
final class LineLogger extends LegacyAbstractLogger implements LoggingEventAware {
    private static final long serialVersionUID = 1L;
    /** Loggers of these name prefixes are the libraries' (DEBUG only with {@code -d}). */
    private static final List<String> LIBRARIES = List.of("io.kubernetes.", "okhttp3.", "okio.", "org.bouncycastle.",
            "com.fasterxml.", "picocli.", "io.kopf4j.embedded.");

    private final boolean library;

    LineLogger(String name) {
        this.name = name;
        this.library = LIBRARIES.stream().anyMatch(name::startsWith);
    }

    private boolean enabled(Level level) {
        LogBackend.Settings s = LineLogging.settings();
        return level.toInt() >= (library ? s.libraryLevel() : s.level()).toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable error) {
        write(level, MessageFormatter.basicArrayFormat(pattern, arguments), List.of(), error);
    }

    @Override
    public void log(LoggingEvent event) {
        if (!enabled(event.getLevel())) {
            return;
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        write(event.getLevel(), MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
                pairs == null ? List.of() : pairs, event.getThrowable());
    }

    private void write(Level level, String message, List<KeyValuePair> pairs, Throwable error) {
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        LineFormat.Record record = new LineFormat.Record(Instant.now(), level, name, Thread.currentThread().getName(),
                message, mdc == null ? Map.of() : mdc, pairs, error);
        System.err.print(LineFormat.render(record, LineLogging.settings()));
    }
}
