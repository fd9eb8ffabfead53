package io.kopf4j.internal.cli;

/**
 * Applies the log flags ({@code -v}, {@code -d}, {@code -q}, {@code --log-format}, {@code --log-prefix}) to the
 * logging binding. slf4j itself has no API for levels or formats, so this sets the configuration of the binding the
 * examples ship, slf4j-simple (its {@code org.slf4j.simpleLogger.*} system properties, unless already set), before
 * the first logger is created; with another binding, configure that binding instead. Not API.
 */
final class LogSetup {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogSetup() {
    }

    static void apply(LogOptions options) {
        set("defaultLogLevel", options.level().name().toLowerCase(java.util.Locale.ROOT));
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
