package io.kopf4j.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Operator;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads an operator's liveness endpoint, as a kubelet's probe would: the {@code @On.Probe} results as JSON. */
public final class Probes {
    private Probes() {
    }

    /** The probe results (the operator must serve a liveness endpoint: {@code operator.liveness(url)}). */
    public static JsonNode read(Operator operator) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                operator.livenessUrl().orElseThrow()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return ExampleCluster.JSON.readTree(response.body());
    }
}
