package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.kopf4j.HierarchyFixtures.at;
import static io.kopf4j.HierarchyFixtures.json;
import static io.kopf4j.HierarchyFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceAdjustingTest {

    @Test
    void childWithoutNamespaceGetsIt() {
        Map<String, Object> child = new HashMap<>();
        ObjectNode node = json("{}");
        V1Pod pod = new V1Pod();
        Kopf.adjustNamespace(child, "ns1");
        Kopf.adjustNamespace(node, "ns1");
        Kopf.adjustNamespace(pod, "ns1");
        assertEquals(Map.of("namespace", "ns1"), at(child, "metadata"));
        assertEquals("ns1", node.at("/metadata/namespace").textValue());
        assertEquals("ns1", pod.getMetadata().getNamespace());
    }

    @Test
    void nullNamespaceCountsAsMissing() {
        Map<String, Object> child = map("""
                {"metadata": {"namespace": null}}""");
        Kopf.adjustNamespace(child, "ns1");
        assertEquals("ns1", at(child, "metadata").get("namespace"));
    }

    @Test
    void existingNamespaceIsKeptUnlessForced() {
        Map<String, Object> child = map("""
                {"metadata": {"namespace": "own"}}""");
        Kopf.adjustNamespace(child, "ns1");
        assertEquals("own", at(child, "metadata").get("namespace"));
        Kopf.adjustNamespace(child, "ns1", true);
        assertEquals("ns1", at(child, "metadata").get("namespace"));
    }

    @Test
    void nullTargetNamespaceChangesNothingUnlessForced() {
        Map<String, Object> empty = new HashMap<>();
        Kopf.adjustNamespace(empty, null);
        assertTrue(empty.isEmpty());

        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().namespace("own"));
        Kopf.adjustNamespace(pod, null);
        assertEquals("own", pod.getMetadata().getNamespace());
        Kopf.adjustNamespace(pod, null, true);
        assertNull(pod.getMetadata().getNamespace());

        ObjectNode node = json("""
                {"metadata": {"namespace": "own"}}""");
        Kopf.adjustNamespace(node, null, true);
        assertEquals(json("""
                {"metadata": {}}"""), node);
    }
}
