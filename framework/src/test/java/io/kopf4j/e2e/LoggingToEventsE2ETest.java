package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Body;
import io.kopf4j.EventLevel;
import io.kopf4j.Events;
import io.kopf4j.OperatorSettings;
import io.kopf4j.On;
import io.kopf4j.TemporaryError;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Log lines of the per-object logger become Kubernetes Events only with {@code posting.loggers} (Kopf 1.44's
 * default is off), at or above {@code posting.level}; the framework's own lines about handlers (successes, failures)
 * go the same way, as in Kopf. Explicit {@code Events} calls post regardless of {@code loggers}.
 *
 * <p>Events are posted in order by one background sender, so once a marker Event posted after a log line is on the
 * server, an Event for that line would be there too: that is how "not posted" is checked without sleeping.
 */
class LoggingToEventsE2ETest {

    static class Talking {
        @On.Create("kopfexamples")
        void created(Body body, Logger logger, Events events) {
            logger.info("all is well with {}", body.metadata().name());
            logger.warn("disk almost full on {}", body.metadata().name());
            events.warn(body, "Marker", "after the log lines");
        }
    }

    static class Explicit {
        @On.Create("kopfexamples")
        void created(Body body, Events events) {
            events.info(body, "Informed", "an info");
            events.event(body, "Normal", "Typed", "any type, any level");
            events.warn(body, "Marker", "after the others");
        }
    }

    static class Failing {
        @On.Create("kopfexamples")
        void created(Body body, Events events) throws TemporaryError {
            events.warn(body, "Marker", "before the failure");
            throw new TemporaryError("the database is not ready", Duration.ofMinutes(1));
        }
    }

    private static OperatorRunner start(TestCluster cluster, Object op, Consumer<OperatorSettings> settings) {
        return OperatorRunner.builder(op).client(cluster.server.client()).settings(settings).start();
    }

    private static List<JsonNode> about(TestCluster cluster, String name, String reason) {
        return cluster.eventsAbout("default", name).stream().filter(e -> e.path("reason").asText().equals(reason))
                .toList();
    }

    private static List<String> messages(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText() + " " + e.path("message").asText()).toList();
    }

    @Test
    void withLoggersOnAWarningInAHandlerIsPostedAsAnEventAboutTheObject() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Talking(), s -> s.posting().loggers(true))) {
            String name = TestCluster.unique("talking");
            String uid = cluster.create(name, "{}").path("metadata").path("uid").asText();
            eventually(() -> assertTrue(messages(about(cluster, name, "Logging"))
                    .contains("Warning disk almost full on " + name), messages(about(cluster, name, "Logging"))
                    .toString()));
            eventually(() -> assertTrue(messages(about(cluster, name, "Logging"))
                    .contains("Normal Handler 'created' succeeded.")));
            JsonNode event = about(cluster, name, "Logging").get(0);
            assertEquals("KopfExample", event.path("involvedObject").path("kind").asText());
            assertEquals("kopf.dev/v1", event.path("involvedObject").path("apiVersion").asText());
            assertEquals(uid, event.path("involvedObject").path("uid").asText());
            assertEquals("kopf", event.path("source").path("component").asText());
            assertTrue(messages(about(cluster, name, "Logging")).contains("Normal all is well with " + name));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void withTheDefaultSettingsLogLinesAreNotPostedButExplicitEventsAre() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Talking(), s -> { })) {
            String name = TestCluster.unique("quiet");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(1, about(cluster, name, "Marker").size()));
            assertEquals(List.of(), messages(about(cluster, name, "Logging")));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void withLoggersOnAtLevelWarningOnlyWarningsAndWorseArePosted() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Talking(),
                     s -> s.posting().loggers(true).level(EventLevel.WARNING))) {
            String name = TestCluster.unique("warned");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(1, about(cluster, name, "Marker").size()));
            assertEquals(List.of("Warning disk almost full on " + name), messages(about(cluster, name, "Logging")));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void withLoggersOnAFailingHandlerPostsItsFailureAsAnErrorEvent() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Failing(), s -> s.posting().loggers(true))) {
            String name = TestCluster.unique("failing");
            cluster.create(name, "{}");
            eventually(() -> assertTrue(messages(about(cluster, name, "Logging"))
                    .contains("Error Handler 'created' failed temporarily: the database is not ready"),
                    messages(about(cluster, name, "Logging")).toString()));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void withTheDefaultSettingsAFailingHandlerPostsNoEventAsInKopf() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Failing(), s -> { })) {
            String name = TestCluster.unique("silent");
            cluster.create(name, "{}");
            // The failure is recorded on the object (the progress annotation), but not posted as an Event.
            eventually(() -> assertTrue(cluster.get(name).path("metadata").path("annotations")
                    .path("kopf.zalando.org/created").asText().contains("the database is not ready")));
            eventually(() -> assertEquals(1, about(cluster, name, "Marker").size()));
            assertEquals(List.of(), messages(about(cluster, name, "Logging")));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void explicitEventsBelowThePostingLevelAreNotPostedAsInKopf() {
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = start(cluster, new Explicit(), s -> s.posting().level(EventLevel.WARNING))) {
            String name = TestCluster.unique("explicit");
            cluster.create(name, "{}");
            eventually(() -> assertEquals(1, about(cluster, name, "Marker").size()));
            assertEquals(List.of(), about(cluster, name, "Informed"));
            assertEquals(1, about(cluster, name, "Typed").size());
            assertEquals(List.of(), runner.errors());
        }
    }
}
