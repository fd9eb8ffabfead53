package io.kopf4j.examples.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.examples.support.ExampleCluster;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admission example through the embedded API server, which calls the operator's webhooks over HTTPS. */
@WithEmbeddedApiServer
class AdmissionOperatorTest {
    static ExampleCluster cluster;

    @BeforeAll
    static void install(ApiClient client) throws Exception {
        cluster = ExampleCluster.install(client);
    }

    static Map<String, Object> withSpec(String name, Map<String, Object> spec, Map<String, String> labels) {
        Map<String, Object> obj = new HashMap<>(ExampleCluster.obj(name));
        Map<String, Object> meta = new HashMap<>(Map.of("name", name));
        if (!labels.isEmpty()) {
            meta.put("labels", labels);
        }
        obj.put("metadata", meta);
        obj.put("spec", spec);
        return obj;
    }

    static String message(ApiException e) throws Exception {
        return ExampleCluster.JSON.readTree(e.getResponseBody()).path("message").asText();
    }

    @Test
    void validatorsRefuseBadNumbersAndTheMutatorConvertsGoodOnes() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new AdmissionOperator("localhost", 0))) {
            ApiException notAList = assertThrows(ApiException.class,
                    () -> cluster.create(withSpec("not-a-list", Map.of("numbers", "1,2"), Map.of())));
            assertEquals(400, notAList.getCode());
            assertEquals("admission webhook \"check-numbers.auto.kopf.dev\" denied the request: Numbers must be a "
                    + "list if present.", message(notAList));

            ApiException notNumbers = assertThrows(ApiException.class,
                    () -> cluster.create(withSpec("not-numbers", Map.of("numbers", List.of("1", "two")), Map.of())));
            assertTrue(message(notNumbers).endsWith("Numbers must be convertible to floats: two"),
                    message(notNumbers));

            cluster.create(withSpec("numbers", Map.of("numbers", List.of("1", "2.5", 3)), Map.of()));
            JsonNode stored = cluster.get("numbers");
            JsonNode numbers = stored.path("spec").path("numbers");
            assertTrue(numbers.get(0).isNumber() && numbers.get(1).isNumber(), "converted on creation: " + numbers);
            assertEquals(List.of(1.0, 2.5, 3.0), List.of(numbers.get(0).asDouble(), numbers.get(1).asDouble(),
                    numbers.get(2).asDouble()));
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void labelledObjectsCannotBeChangedAfterCreation() throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(cluster.client(), new AdmissionOperator("localhost", 0))) {
            cluster.create(withSpec("frozen", Map.of("field", "a"), Map.of("immutable", "yes")));
            ApiException refused = assertThrows(ApiException.class,
                    () -> cluster.patch("frozen", "{\"spec\":{\"field\":\"b\"}}"));
            assertEquals(403, refused.getCode());
            assertTrue(message(refused).endsWith("This object is immutable (it has the 'immutable' label)."),
                    message(refused));
            assertEquals("a", cluster.get("frozen").path("spec").path("field").asText());
        }
    }
}
