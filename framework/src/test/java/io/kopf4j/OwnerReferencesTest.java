package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kopf4j.HierarchyFixtures.at;
import static io.kopf4j.HierarchyFixtures.json;
import static io.kopf4j.HierarchyFixtures.map;
import static io.kopf4j.HierarchyFixtures.owner;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnerReferencesTest {

    @Test
    void appendingToAnEmptyMapAddsAControllingReference() {
        Map<String, Object> child = new HashMap<>();
        Kopf.appendOwnerReference(child, owner());
        List<?> refs = (List<?>) at(child, "metadata").get("ownerReferences");
        assertEquals(List.of(Map.of("apiVersion", "kopf.dev/v1", "kind", "KopfExample", "name", "owner",
                "uid", "uid-1", "controller", true, "blockOwnerDeletion", true)), refs);
    }

    @Test
    void appendingKeepsOtherOwnersReferences() {
        Map<String, Object> child = map("""
                {"metadata": {"ownerReferences": [{"uid": "uid-0", "kind": "Other"}]}}""");
        Kopf.appendOwnerReference(child, owner());
        List<?> refs = (List<?>) at(child, "metadata").get("ownerReferences");
        assertEquals(2, refs.size());
        assertEquals("uid-0", ((Map<?, ?>) refs.get(0)).get("uid"));
        assertEquals("uid-1", ((Map<?, ?>) refs.get(1)).get("uid"));
    }

    @Test
    void appendingTwiceAddsNoDuplicateByUid() {
        Map<String, Object> child = map("""
                {"metadata": {"ownerReferences": [{"uid": "uid-1", "controller": false}]}}""");
        Kopf.appendOwnerReference(child, owner());
        Kopf.appendOwnerReference(child, owner());
        List<?> refs = (List<?>) at(child, "metadata").get("ownerReferences");
        assertEquals(List.of(Map.of("uid", "uid-1", "controller", false)), refs);
    }

    @Test
    void controllerAndBlockOwnerDeletionCanBeTurnedOff() {
        ObjectNode child = json("{}");
        Kopf.appendOwnerReference(child, owner(), false, false);
        assertEquals(json("""
                {"metadata": {"ownerReferences": [{"apiVersion": "kopf.dev/v1", "kind": "KopfExample",
                  "name": "owner", "uid": "uid-1", "controller": false, "blockOwnerDeletion": false}]}}"""), child);
    }

    @Test
    void appendingToAnObjectNodeChangesItInPlace() {
        ObjectNode child = json("""
                {"metadata": {"name": "kid"}}""");
        Kopf.appendOwnerReference(child, owner());
        Kopf.appendOwnerReference(child, owner());
        assertEquals(1, child.at("/metadata/ownerReferences").size());
        assertEquals("uid-1", child.at("/metadata/ownerReferences/0/uid").textValue());
        assertTrue(child.at("/metadata/ownerReferences/0/controller").booleanValue());
    }

    @Test
    void appendingToAModelWithoutMetadataCreatesIt() {
        V1Pod pod = new V1Pod();
        Kopf.appendOwnerReference(pod, owner());
        assertEquals(List.of(new V1OwnerReference().apiVersion("kopf.dev/v1").kind("KopfExample").name("owner")
                .uid("uid-1").controller(true).blockOwnerDeletion(true)), pod.getMetadata().getOwnerReferences());
    }

    @Test
    void appendingToAModelWithAnImmutableListWorks() {
        V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta()
                .ownerReferences(List.of(new V1OwnerReference().uid("uid-0"))));
        Kopf.appendOwnerReference(cm, owner());
        Kopf.appendOwnerReference(cm, owner());
        assertEquals(List.of("uid-0", "uid-1"),
                cm.getMetadata().getOwnerReferences().stream().map(V1OwnerReference::getUid).toList());
    }

    @Test
    void ownersMayBeMapsNodesAndModels() {
        V1ConfigMap modelOwner = new V1ConfigMap().apiVersion("v1").kind("ConfigMap")
                .metadata(new V1ObjectMeta().name("cm").uid("uid-cm"));
        Map<String, Object> mapOwner = map("""
                {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "uid": "uid-s"}}""");
        ObjectNode nodeOwner = json("""
                {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc", "uid": "uid-svc"}}""");
        V1Pod pod = new V1Pod();
        Kopf.appendOwnerReference(pod, modelOwner);
        Kopf.appendOwnerReference(pod, mapOwner);
        Kopf.appendOwnerReference(pod, nodeOwner);
        assertEquals(List.of("ConfigMap/cm/uid-cm", "Secret/s/uid-s", "Service/svc/uid-svc"),
                pod.getMetadata().getOwnerReferences().stream()
                        .map(r -> r.getKind() + "/" + r.getName() + "/" + r.getUid()).toList());
    }

    @Test
    void ownerWithoutUidIsRejectedNamingTheField() {
        Body noUid = owner("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}""");
        Map<String, Object> child = new HashMap<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kopf.appendOwnerReference(child, noUid));
        assertEquals("The owner has no metadata.uid; an owner reference needs apiVersion, kind, metadata.name"
                + " and metadata.uid.", e.getMessage());
        assertTrue(child.isEmpty());
    }

    @Test
    void ownerWithoutSeveralFieldsIsRejectedNamingThemAll() {
        V1ConfigMap bare = new V1ConfigMap().metadata(new V1ObjectMeta().uid("u"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kopf.appendOwnerReference(new V1Pod(), bare));
        assertTrue(e.getMessage().startsWith("The owner has no apiVersion, kind, metadata.name;"), e.getMessage());
    }

    @Test
    void removingDropsOnlyTheOwnersReferences() {
        Map<String, Object> child = map("""
                {"metadata": {"ownerReferences": [{"uid": "uid-0"}, {"uid": "uid-1"}, {"uid": "uid-1"}]}}""");
        Kopf.removeOwnerReference(child, owner());
        assertEquals(List.of(Map.of("uid", "uid-0")), at(child, "metadata").get("ownerReferences"));
    }

    @Test
    void removingFromAChildWithoutReferencesChangesNothing() {
        Map<String, Object> child = new HashMap<>();
        Kopf.removeOwnerReference(child, owner());
        assertTrue(child.isEmpty());
        V1Pod pod = new V1Pod();
        Kopf.removeOwnerReference(pod, owner());
        assertNull(pod.getMetadata());
    }

    @Test
    void removingFromNodesAndModelsWorks() {
        ObjectNode node = json("""
                {"metadata": {"ownerReferences": [{"uid": "uid-1"}, {"uid": "uid-2"}]}}""");
        Kopf.removeOwnerReference(node, owner());
        assertEquals(json("""
                {"metadata": {"ownerReferences": [{"uid": "uid-2"}]}}"""), node);

        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().ownerReferences(
                new ArrayList<>(List.of(new V1OwnerReference().uid("uid-1")))));
        Kopf.removeOwnerReference(pod, owner());
        assertTrue(pod.getMetadata().getOwnerReferences().isEmpty());
    }

    @Test
    void removingNeedsOnlyTheOwnersUid() {
        Map<String, Object> child = map("""
                {"metadata": {"ownerReferences": [{"uid": "uid-9"}]}}""");
        Kopf.removeOwnerReference(child, Map.of("metadata", Map.of("uid", "uid-9")));
        assertEquals(List.of(), at(child, "metadata").get("ownerReferences"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kopf.removeOwnerReference(child, Map.of("metadata", Map.of("name", "x"))));
        assertTrue(e.getMessage().contains("metadata.uid"), e.getMessage());
    }

    @Test
    void everyChildInAListIsReferenced() {
        Map<String, Object> first = new HashMap<>();
        V1Pod second = new V1Pod();
        Kopf.appendOwnerReference(List.of(first, List.of(second)), owner());
        assertEquals(1, ((List<?>) at(first, "metadata").get("ownerReferences")).size());
        assertEquals(1, second.getMetadata().getOwnerReferences().size());
    }

    @Test
    void malformedOwnerReferencesAreReported() {
        Map<String, Object> child = map("""
                {"metadata": {"ownerReferences": "oops"}}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kopf.appendOwnerReference(child, owner()));
        assertTrue(e.getMessage().contains("metadata.ownerReferences is not a list"), e.getMessage());
    }

    @Test
    void unsupportedChildAndOwnerClassesAreRejected() {
        IllegalArgumentException child = assertThrows(IllegalArgumentException.class,
                () -> Kopf.appendOwnerReference("pod", owner()));
        assertTrue(child.getMessage().startsWith("Unsupported child class: java.lang.String"), child.getMessage());
        IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                () -> Kopf.appendOwnerReference(new HashMap<>(), 42));
        assertTrue(own.getMessage().startsWith("Unsupported owner class: java.lang.Integer"), own.getMessage());
    }
}
