package io.kopf4j.docs;

import io.kopf4j.testing.OperatorRunner;
import io.kopf4j.testing.WithEmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.docs.DocsTestSupport.awaitExample;
import static io.kopf4j.docs.DocsTestSupport.createExample;
import static org.junit.jupiter.api.Assertions.assertEquals;

@WithEmbeddedApiServer
class InjectionDocOperatorTest {

    @BeforeAll
    static void crd(ApiClient client) throws Exception {
        DocsTestSupport.installCrd(client);
    }

    @Test
    void parametersAreInjectedByType(ApiClient client) throws Exception {
        try (OperatorRunner runner = OperatorRunner.start(client, new InjectionDocOperator())) {
            createExample(client, "typed", Map.of("app", "demo"), Map.of("field", "a", "items", List.of("x", "y")));
            awaitExample(client, "typed", o -> o.path("status").path("typed").path("itemCount").asInt() == 2);

            FiltersDocOperatorTest.mergePatch(client, "typed", "{\"spec\":{\"field\":\"b\"}}");
            awaitExample(client, "typed", o -> o.path("status").path("lastChange").asText().equals("field #1"));
            FiltersDocOperatorTest.mergePatch(client, "typed", "{\"spec\":{\"field\":\"c\"}}");
            awaitExample(client, "typed", o -> o.path("status").path("lastChange").asText().equals("field #2"));

            new CoreV1Api(client).createNamespacedPod("default", new V1Pod()
                    .metadata(new V1ObjectMeta().name("web-1"))
                    .spec(new V1PodSpec().containers(List.of(new V1Container().name("web").image("nginx:1.27")))))
                    .execute();
            DocsTestSupport.awaitEvent(client, "web-1", m -> m.equals("Normal image nginx:1.27"));
            assertEquals(List.of(), runner.errors());
        }
    }
}
