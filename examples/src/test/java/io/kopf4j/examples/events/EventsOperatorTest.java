package io.kopf4j.examples.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

@WithEmbeddedApiServer
class EventsOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void theHandlerPostsEventsOfEveryKindAboutTheObject() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new EventsOperator())) {
            JsonNode obj = cluster.create("kopf-example-1");

            eventually(() -> {
                Set<String> events = cluster.events("kopf-example-1").stream()
                        .map(e -> e.path("type").asText() + "/" + e.path("reason").asText() + "/"
                                + e.path("message").asText())
                        .collect(Collectors.toSet());
                assertEquals(Set.of("SomeType/SomeReason/Some message", "Normal/SomeReason/Some message",
                        "Warning/SomeReason/Some message", "Error/SomeReason/Exception text."), events);
            });
            for (JsonNode event : cluster.events("kopf-example-1")) {
                JsonNode about = event.path("involvedObject");
                assertEquals("KopfExample", about.path("kind").asText());
                assertEquals("kopf.dev/v1", about.path("apiVersion").asText());
                assertEquals(obj.path("metadata").path("uid").asText(), about.path("uid").asText());
                assertEquals("kopf", event.path("source").path("component").asText());
            }
            assertEquals(List.of(), runner.errors());
        }
    }
}
