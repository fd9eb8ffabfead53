package io.kopf4j.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of kopf4j: the jar manifest's {@code Implementation-Version} when there is one, else
 * {@code version.properties} beside this class, which Maven filters at build time (so it works under
 * {@code mvn test}, from {@code target/classes}, too).
 */
final class Version {
    static final String UNKNOWN = "unknown";

    private Version() {
    }

    static String current() {
        String fromManifest = Version.class.getPackage().getImplementationVersion();
        if (fromManifest != null && !fromManifest.isBlank()) {
            return fromManifest;
        }
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
