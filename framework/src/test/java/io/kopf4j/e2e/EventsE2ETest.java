package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Body;
import io.kopf4j.Events;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guarded event poster: Kopf crashed with KeyError: 'apiVersion' on references without it (nolar/kopf#1144).
 * Events are posted from whatever the reference has, and a rejected Event never stops a handler.
 */
class EventsE2ETest {

    static class Poster {
        final List<String> finished = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void created(Body body, Events events) {
            events.info(body, "Created", "seen by the operator");
            events.info(Map.of("kind", "Thing", "metadata", Map.of("name", "no-api-version", "namespace",
                    "default")), "Partial", "a reference without apiVersion");
            events.warn(Map.of("metadata", Map.of("name", "bare")), "Bare", "a reference with only a name");
            finished.add(body.metadata().name());
        }
    }

    private static List<JsonNode> events(TestCluster cluster) {
        List<JsonNode> out = new ArrayList<>();
        cluster.list("/api/v1/namespaces/default/events").path("items").forEach(out::add);
        return out;
    }

    @Test
    void eventsAboutPartialReferencesArePosted() {
        Poster op = new Poster();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("eventful");
            cluster.create(name, "{}");
            eventually(() -> {
                List<String> reasons = new ArrayList<>();
                events(cluster).forEach(e -> reasons.add(e.path("reason").asText()));
                assertTrue(reasons.containsAll(List.of("Created", "Partial", "Bare")), reasons.toString());
            });
            for (JsonNode e : events(cluster)) {
                if (e.path("reason").asText().equals("Partial")) {
                    assertEquals("no-api-version", e.path("involvedObject").path("name").asText());
                    assertTrue(e.path("involvedObject").path("apiVersion").asText("").isEmpty());
                }
                if (e.path("reason").asText().equals("Created")) {
                    assertEquals("kopf.dev/v1", e.path("involvedObject").path("apiVersion").asText());
                    assertEquals(name, e.path("involvedObject").path("name").asText());
                }
            }
            assertEquals(List.of(name), op.finished);
        }
    }

    @Test
    void rejectedEventsNeverStopTheHandler() {
        Poster op = new Poster();
        try (TestCluster cluster = new TestCluster()) {
            cluster.server.faults().fail("POST", "/api/v1/namespaces/[^/]+/events", 422, -1);
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                String name = TestCluster.unique("quiet");
                cluster.create(name, "{}");
                eventually(() -> assertEquals(List.of(name), op.finished));
                cluster.awaitHandled(name);
                assertEquals(List.of(), runner.errors());
            }
        }
    }
}
