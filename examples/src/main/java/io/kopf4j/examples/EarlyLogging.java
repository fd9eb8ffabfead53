package io.kopf4j.examples;

import java.util.List;
import java.util.Locale;

/**
 * The log flags of {@code run} ({@code -v}, {@code -d}, {@code -q}, {@code --log-format}), applied before
 * {@code Kopf.run} applies them. {@code run EXAMPLE --embedded} starts the API server (and examples may make their
 * client) before {@code Kopf.run}, and slf4j-simple reads its configuration once, with the first logger: so the
 * flags are applied here first, as {@code Kopf.run} applies them (the {@code org.slf4j.simpleLogger.*} system
 * properties, unless they are set already).
 */
final class EarlyLogging {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private EarlyLogging() {
    }

    static void apply(List<String> args) {
        boolean verbose = flag(args, "--verbose", 'v') || flag(args, "--debug", 'd');
        boolean quiet = flag(args, "--quiet", 'q');
        set("defaultLogLevel", verbose ? "debug" : quiet ? "warn" : "info");
        if ("plain".equalsIgnoreCase(Clusters.option(args, "--log-format").orElse("full"))) {
            set("showThreadName", "false");
            set("showLogName", "false");
            set("showDateTime", "false");
        } else {
            set("showDateTime", "true");
            set("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
            set("showThreadName", "true");
            set("showShortLogName", "true");
        }
    }

    /** {@code --name}, {@code -x} alone or among other short flags ({@code -Av}), or {@code KOPF_RUN_NAME=true}. */
    private static boolean flag(List<String> args, String name, char letter) {
        for (String a : args) {
            if (a.equals(name) || (a.startsWith("-") && !a.startsWith("--") && a.indexOf(letter) > 0
                    && a.chars().skip(1).allMatch(Character::isLetter))) {
                return true;
            }
        }
        return "true".equalsIgnoreCase(System.getenv("KOPF_RUN_" + name.substring(2).toUpperCase(Locale.ROOT)));
    }

    private static void set(String key, String value) {
        if (System.getProperty(PREFIX + key) == null) {
            System.setProperty(PREFIX + key, value);
        }
    }
}
