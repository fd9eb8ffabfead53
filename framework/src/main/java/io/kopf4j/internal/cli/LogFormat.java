package io.kopf4j.internal.cli;

/** The log line formats of {@code --log-format}. Kopf: {@code kopf._core.actions.loggers.LogFormat}. */
public enum LogFormat {
    /** The message only. */
    PLAIN,
    /** Timestamp, level, logger name and message (the default). */
    FULL,
    /** One JSON object per line. */
    JSON
}
