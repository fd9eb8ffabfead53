package io.kopf4j.testing;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithEmbeddedApiServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedApiServerExtensionTest {
    private static EmbeddedApiServer first;

    @Test
    @Order(1)
    void serverAndClientAreInjectedAndTalkToEachOther(EmbeddedApiServer server, ApiClient client) throws Exception {
        first = server;
        assertTrue(server.isRunning());
        new CoreV1Api(client).createNamespacedConfigMap("default",
                new V1ConfigMap().metadata(new V1ObjectMeta().name("shared")).data(Map.of("a", "b"))).execute();
        assertEquals("b", new CoreV1Api(client).readNamespacedConfigMap("shared", "default").execute()
                .getData().get("a"));
    }

    @Test
    @Order(2)
    void theSameServerServesEveryTestOfTheClass(EmbeddedApiServer server, ApiClient client) throws Exception {
        assertSame(first, server);
        assertEquals("shared", new CoreV1Api(client).readNamespacedConfigMap("shared", "default").execute()
                .getMetadata().getName());
    }
}
