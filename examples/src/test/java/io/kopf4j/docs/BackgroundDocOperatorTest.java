package io.kopf4j.docs;

import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static io.kopf4j.docs.DocsTestSupport.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
class BackgroundDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void timerRepeatsWhileTheObjectLivesAndTheDaemonStopsWhenItGoes(ApiClient client) throws Exception {
        BackgroundDocOperator op = new BackgroundDocOperator();
        try (OperatorRunner runner = OperatorRunner.start(client, op)) {
            createExample(client, "watched", Map.of(), Map.of());
            awaitExample(client, "watched", o -> o.path("status").path("checks").asInt() >= 2);
            assertTrue(awaitExample(client, "watched", o -> true).path("metadata").path("finalizers").toString()
                    .contains("kopf.zalando.org/KopfFinalizerMarker"), "timers and daemons need the finalizer");

            new CustomObjectsApi(client).deleteNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples",
                    "watched").execute();
            eventually(() -> assertEquals(List.of("watched RESOURCE_DELETED"), op.stops));
            eventually(() -> assertEquals(404, assertThrows(ApiException.class, () -> new CustomObjectsApi(client)
                    .getNamespacedCustomObject("kopf.dev", "v1", "default", "kopfexamples", "watched").execute())
                    .getCode()));
            int checks = op.checks.get();
            Thread.sleep(1000);
            assertEquals(checks, op.checks.get(), "the timer stopped with its object");
            assertEquals(List.of(), runner.errors());
        }
    }
}
