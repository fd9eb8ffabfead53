package io.kopf4j.examples.logging;

import io.kopf4j.LogBackend;

/**
 * How {@code Kopf.run} hands its log flags to {@link LineLogging}: every format is supported. Found through
 * {@code META-INF/services/io.kopf4j.LogBackend}.
 */
public final class LineBackend implements LogBackend {
    @Override
    public boolean supports(Format format) {
        return true;
    }

    @Override
    public void configure(Settings settings) {
        LineLogging.settings(settings);
    }
}
