package io.kopf4j.examples.embedded;

import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class EmbeddedAppTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    @Test
    void theAppRunsItsOperatorAlongsideAndStopsIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new EmbeddedApp(cluster.client(), new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(3, Duration.ofMillis(200));
        List<String> lines = List.of(bytes.toString(StandardCharsets.UTF_8).split("\\R"));

        assertEquals(List.of(
                "Starting the main app.",
                "Do the main app activity here. Step 1/3.", "Hello, kopf-example-0!", "Good bye, kopf-example-0!",
                "Do the main app activity here. Step 2/3.", "Hello, kopf-example-1!", "Good bye, kopf-example-1!",
                "Do the main app activity here. Step 3/3.", "Hello, kopf-example-2!", "Good bye, kopf-example-2!",
                "Exiting the main app.",
                "The operator has stopped."), lines);
        for (int step = 0; step < 3; step++) {
            assertTrue(cluster.find("kopf-example-" + step).isEmpty(), "released by the delete handler");
        }
    }
}
