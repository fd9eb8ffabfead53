package io.kopf4j.internal.cli;

import io.kopf4j.LogBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log flags reach the binding through {@link LogBackend} (found with ServiceLoader) when one can write the format;
 * otherwise slf4j-simple's properties are set, and a JSON format it cannot write is warned about.
 */
class LogSetupTest {
    /** Records what it was told; supports the formats in {@code formats}. */
    public static final class RecordingBackend implements LogBackend {
        static final List<Settings> CONFIGURED = new ArrayList<>();
        static Set<Format> formats = Set.of(Format.values());

        @Override
        public boolean supports(Format format) {
            return formats.contains(format);
        }

        @Override
        public void configure(Settings settings) {
            CONFIGURED.add(settings);
        }
    }

    @AfterEach
    void reset() {
        RecordingBackend.CONFIGURED.clear();
        RecordingBackend.formats = Set.of(LogBackend.Format.values());
        io.kopf4j.internal.handling.ObjectLogger.prefixing(true);
    }

    /** Applies the options with the recording backend registered as a service. */
    private static Optional<String> applyWithBackend(Path dir, LogOptions options) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(LogBackend.class.getName()), RecordingBackend.class.getName() + "\n");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            return LogSetup.apply(options);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void aBackendThatWritesTheFormatGetsTheLevelsFormatAndRefkey(@TempDir Path dir) throws Exception {
        Optional<String> warning = applyWithBackend(dir, new LogOptions(true, false, false, LogFormat.JSON,
                Optional.of("k8s"), false));
        assertEquals(Optional.empty(), warning);
        assertEquals(List.of(new LogBackend.Settings(Level.DEBUG, Level.INFO, LogBackend.Format.JSON, "k8s")),
                RecordingBackend.CONFIGURED);
    }

    @Test
    void debugAlsoLowersTheLibrariesAndQuietRaisesBoth(@TempDir Path dir) throws Exception {
        applyWithBackend(dir, new LogOptions(false, true, false, LogFormat.PLAIN, Optional.empty(), true));
        applyWithBackend(dir, new LogOptions(false, false, true, LogFormat.FULL, Optional.empty(), true));
        assertEquals(List.of(
                new LogBackend.Settings(Level.DEBUG, Level.DEBUG, LogBackend.Format.PLAIN, "object"),
                new LogBackend.Settings(Level.WARN, Level.WARN, LogBackend.Format.FULL, "object")),
                RecordingBackend.CONFIGURED);
    }

    @Test
    void aBackendThatCannotWriteJsonIsNamedInTheWarning(@TempDir Path dir) throws Exception {
        RecordingBackend.formats = Set.of(LogBackend.Format.PLAIN, LogBackend.Format.FULL);
        Optional<String> warning = applyWithBackend(dir, new LogOptions(false, false, false, LogFormat.JSON,
                Optional.empty(), false));
        assertTrue(warning.orElseThrow().contains(RecordingBackend.class.getName() + " cannot"), warning.get());
        assertEquals(List.of(), RecordingBackend.CONFIGURED);
    }

    @Test
    void withoutABackendJsonIsWarnedAboutAndTheTextFormatsAreNot() {
        assertTrue(LogSetup.apply(new LogOptions(false, false, false, LogFormat.JSON, Optional.empty(), false))
                .orElseThrow().startsWith("--log-format json needs a logging binding that writes JSON"));
        assertEquals(Optional.empty(), LogSetup.apply(LogOptions.defaults()));
    }
}
