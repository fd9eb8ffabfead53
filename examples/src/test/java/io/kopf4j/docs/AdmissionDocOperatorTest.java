package io.kopf4j.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.createExample;
import static io.kopf4j.docs.DocsTestSupport.getExample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class AdmissionDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void apiServerRefusesInvalidObjectsAndStoresValidOnesWithTheDefaults(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new AdmissionDocOperator())) {
            ApiException refused = assertThrows(ApiException.class,
                    () -> createExample(client, "too-small", Map.of(), Map.of("size", 0)));
            assertEquals(422, refused.getCode());
            String message = DocsTestSupport.JSON.readTree(refused.getResponseBody()).path("message").asText();
            assertEquals("admission webhook \"size-is-positive.kopfexamples.example.com\" denied the request: "
                    + "spec.size must be a positive number", message);

            createExample(client, "fine", Map.of(), Map.of("size", 5));
            JsonNode obj = getExample(client, "fine");
            assertEquals("yes", obj.path("metadata").path("labels").path("example.com/admitted").asText());
            assertEquals("standard", obj.path("spec").path("tier").asText());
            assertEquals(List.of(), runner.errors());
        }
    }
}
