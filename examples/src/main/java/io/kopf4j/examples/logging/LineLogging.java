package io.kopf4j.examples.logging;

import io.kopf4j.LogBackend;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A small slf4j 2 binding for the examples jar: one line per record on {@code System.err}, in the formats of
 * {@code --log-format} ({@code plain}, {@code full}, {@code json}), with the levels of {@code -v}/{@code -d}/{@code -q},
 * as {@code Kopf.run} sets them through {@link LogBackend} ({@link LineBackend}). It replaces slf4j-simple, which
 * cannot write JSON. Before {@code Kopf.run} configures it (or without it: the demo, tests), it writes the full format
 * at INFO. Found by slf4j through {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider}.
 */
public final class LineLogging implements SLF4JServiceProvider {
    /** What is written before {@code Kopf.run} configures it. */
    static final LogBackend.Settings DEFAULTS = new LogBackend.Settings(Level.INFO, Level.INFO,
            LogBackend.Format.FULL, "object");

    private static volatile LogBackend.Settings settings = DEFAULTS;

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, LineLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();

    /** The settings in force, for every logger (also those made before they changed). */
    static LogBackend.Settings settings() {
        return settings;
    }

    static void settings(LogBackend.Settings next) {
        settings = Objects.requireNonNull(next, "settings");
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to read: the settings come from Kopf.run, through LineBackend.
    }
}
