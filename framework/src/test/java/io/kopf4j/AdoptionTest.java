package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kopf4j.HierarchyFixtures.at;
import static io.kopf4j.HierarchyFixtures.json;
import static io.kopf4j.HierarchyFixtures.map;
import static io.kopf4j.HierarchyFixtures.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdoptionTest {

    @Test
    void adoptedMapIsOwnedNamedPlacedAndLabelled() {
        Map<String, Object> child = new HashMap<>();
        Kopf.adopt(child, owner());
        assertEquals(map("""
                {"ownerReferences": [{"apiVersion": "kopf.dev/v1", "kind": "KopfExample", "name": "owner",
                                      "uid": "uid-1", "controller": true, "blockOwnerDeletion": true}],
                 "generateName": "owner-", "namespace": "ns1", "labels": {"app": "demo", "tier": "back"}}"""),
                at(child, "metadata"));
    }

    @Test
    void adoptedObjectNodeMatchesTheMapResult() {
        ObjectNode child = json("{}");
        Kopf.adopt(child, owner());
        assertEquals(json("""
                {"metadata": {"ownerReferences": [{"apiVersion": "kopf.dev/v1", "kind": "KopfExample",
                  "name": "owner", "uid": "uid-1", "controller": true, "blockOwnerDeletion": true}],
                 "generateName": "owner-", "namespace": "ns1", "labels": {"app": "demo", "tier": "back"}}}"""),
                child);
    }

    @Test
    void adoptedPodModelIsOwnedNamedPlacedAndLabelled() {
        V1Pod pod = new V1Pod();
        Kopf.adopt(pod, owner());
        V1ObjectMeta meta = pod.getMetadata();
        assertEquals("owner-", meta.getGenerateName());
        assertNull(meta.getName());
        assertEquals("ns1", meta.getNamespace());
        assertEquals(Map.of("app", "demo", "tier", "back"), meta.getLabels());
        assertEquals(List.of(new V1OwnerReference().apiVersion("kopf.dev/v1").kind("KopfExample").name("owner")
                .uid("uid-1").controller(true).blockOwnerDeletion(true)), meta.getOwnerReferences());
    }

    @Test
    void adoptionKeepsTheChildsOwnSettings() {
        V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta().name("own").namespace("other")
                .labels(Map.of("app", "mine")));
        Kopf.adopt(cm, owner());
        assertEquals("own", cm.getMetadata().getName());
        assertEquals("other", cm.getMetadata().getNamespace());
        assertEquals(Map.of("app", "mine", "tier", "back"), cm.getMetadata().getLabels());
        assertEquals(1, cm.getMetadata().getOwnerReferences().size());
    }

    @Test
    void forcedStrictAdoptionOverridesTheChildsSettingsAndLabelsNestedTemplates() {
        V1Deployment deployment = new V1Deployment()
                .metadata(new V1ObjectMeta().generateName("own-").namespace("other").labels(Map.of("app", "mine")))
                .spec(new V1DeploymentSpec().template(new V1PodTemplateSpec()));
        Kopf.adopt(deployment, owner(), true, true, "spec.template");
        V1ObjectMeta meta = deployment.getMetadata();
        assertEquals("owner", meta.getName());
        assertNull(meta.getGenerateName());
        assertEquals("ns1", meta.getNamespace());
        assertEquals(Map.of("app", "demo", "tier", "back"), meta.getLabels());
        assertEquals(Map.of("app", "demo", "tier", "back"),
                deployment.getSpec().getTemplate().getMetadata().getLabels());
        List<V1OwnerReference> templateRefs = deployment.getSpec().getTemplate().getMetadata().getOwnerReferences();
        assertTrue(templateRefs == null || templateRefs.isEmpty(), "only the labels go into templates");
    }

    @Test
    void clusterScopedOwnerLeavesTheNamespaceAlone() {
        Body clusterOwner = owner("""
                {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns9", "uid": "uid-9"}}""");
        Map<String, Object> child = new HashMap<>();
        Kopf.adopt(child, clusterOwner);
        assertFalse(at(child, "metadata").containsKey("namespace"));
        assertFalse(at(child, "metadata").containsKey("labels"));
    }

    @Test
    void ownerWithoutUidIsRejectedBeforeAnythingChanges() {
        Body noUid = owner("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm", "namespace": "ns1"}}""");
        Map<String, Object> child = new HashMap<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kopf.adopt(child, noUid));
        assertTrue(e.getMessage().contains("metadata.uid"), e.getMessage());
        assertTrue(child.isEmpty());
    }

    @Test
    void severalChildrenOfMixedClassesAreAdoptedAtOnce() {
        Map<String, Object> map = new HashMap<>();
        ObjectNode node = json("{}");
        V1Pod pod = new V1Pod();
        Kopf.adopt(new Object[] {map, List.of(node, pod)}, owner());
        assertEquals("ns1", at(map, "metadata").get("namespace"));
        assertEquals("ns1", node.at("/metadata/namespace").textValue());
        assertEquals("ns1", pod.getMetadata().getNamespace());
    }
}
