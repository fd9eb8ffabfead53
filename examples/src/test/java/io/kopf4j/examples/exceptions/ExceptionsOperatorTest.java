package io.kopf4j.examples.exceptions;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static io.kopf4j.examples.support.ExampleCluster.eventually;
import static io.kopf4j.examples.support.ExampleCluster.progressKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class ExceptionsOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    private static List<String> messages(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asText() + " " + e.path("message").asText())
                .collect(Collectors.toList());
    }

    private static long count(List<String> messages, String fragment) {
        return messages.stream().filter(m -> m.contains(fragment)).count();
    }

    @Test
    void failuresAreRetriedOrGivenUpAndReportedAsEvents() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new ExceptionsOperator())) {
            cluster.create("kopf-example-1");

            // Handled once every handler has finished, whether it succeeded or failed for good.
            JsonNode obj = cluster.awaitHandled("kopf-example-1");
            assertEquals(List.of(), progressKeys(obj));

            eventually(() -> {
                List<String> events = messages(cluster.events("kopf-example-1"));
                assertEquals(1, count(events, "Error Handler 'instantFailureWithOnlyAMessage' failed permanently: "
                        + "Fail once and for all."), events.toString());
                assertEquals(3, count(events, "Error Handler 'eventualSuccessWithAFewMessages' failed temporarily: "
                        + "Expected recoverable error."), events.toString());
                assertEquals(1, count(events, "Normal Handler 'eventualSuccessWithAFewMessages' succeeded."),
                        events.toString());
                assertEquals(1, count(events, "Error Handler 'eventualFailureWithTracebacks' failed with an exception "
                        + "and will stop now (it would exceed 3 retries"), events.toString());
                assertEquals(1, count(events, "Error Handler 'instantFailureWithTraceback' failed with an exception "
                        + "and will stop now: An error that is supposed to be recoverable."), events.toString());
                assertTrue(events.stream().noneMatch(e -> e.contains("\n")), "no stack traces in Events: " + events);
            });
            assertEquals(List.of(), runner.errors());
        }
    }
}
