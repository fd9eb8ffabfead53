package io.kopf4j.internal.handling;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import java.util.ArrayList;
import java.util.List;

/** A logger with every level on that keeps the formatted messages (with the error's text, if any) for assertions. */
final class RecordingLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    private final List<String> messages = new ArrayList<>();

    RecordingLogger() {
        this.name = "kopf4j.objects";
    }

    /** The messages logged so far, in order. */
    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected synchronized void handleNormalizedLoggingCall(Level level, Marker marker, String pattern,
                                                            Object[] args, Throwable error) {
        String text = MessageFormatter.basicArrayFormat(pattern, args);
        messages.add(error == null ? text : text + " | " + error);
    }

    @Override
    public boolean isTraceEnabled() {
        return true;
    }

    @Override
    public boolean isDebugEnabled() {
        return true;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }
}
