package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import io.kubernetes.client.openapi.models.V1ServicePort;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientModelsTest {

    static V1Pod pod() {
        return new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name("web-1").namespace("default")
                        .creationTimestamp(OffsetDateTime.of(2026, 11, 23, 12, 0, 0, 0, ZoneOffset.UTC)))
                .spec(new V1PodSpec().containers(List.of(new V1Container().name("web").image("nginx")
                        .resources(new V1ResourceRequirements().limits(Map.of("memory", Quantity.fromString("1Gi")))))));
    }

    @Test
    void modelNestedInAMapIsWrittenAsClientJavaWritesIt() {
        JsonNode tree = Views.MAPPER.valueToTree(Map.of("pod", pod(), "port", new V1ServicePort().port(80)
                .targetPort(new IntOrString("http"))));

        assertEquals("2026-11-23T12:00:00Z", tree.at("/pod/metadata/creationTimestamp").asText());
        assertEquals("1Gi", tree.at("/pod/spec/containers/0/resources/limits/memory").asText());
        assertEquals("http", tree.at("/port/targetPort").asText());
        assertEquals(80, tree.at("/port/port").asInt());
    }

    @Test
    void modelIsReadBackIgnoringFieldsItDoesNotKnow() {
        JsonNode tree = Views.MAPPER.valueToTree(pod());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("spec")).put("fieldFromTheFuture", 1);

        V1Pod back = ClientModels.fromTree(tree, V1Pod.class);

        assertEquals("web-1", back.getMetadata().getName());
        assertEquals(pod().getMetadata().getCreationTimestamp(), back.getMetadata().getCreationTimestamp());
        assertTrue(ClientModels.isModel(V1Pod.class) && ClientModels.isModel(IntOrString.class));
        assertFalse(ClientModels.isModel(String.class));
    }
}
