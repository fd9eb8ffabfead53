package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Body;
import io.kopf4j.Meta;
import io.kopf4j.Old;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ViewsTest {
    private static final JsonNode TREE = FakeContext.json("{'apiVersion': 'kopf.dev/v1', 'kind': 'KopfExample',"
            + " 'metadata': {'name': 'kex1', 'namespace': 'ns1', 'uid': 'u1', 'resourceVersion': '42',"
            + " 'generation': 3, 'labels': {'app': 'web', 'tier': 'front'}, 'annotations': {'a.b/c': 'd'},"
            + " 'finalizers': ['x', 'y'], 'creationTimestamp': '2024-01-02T03:04:05Z'},"
            + " 'spec': {'replicas': 3, 'nested': {'list': [1, 'two']}}, 'status': {}}");

    record SpecPojo(int replicas) {
    }

    @Test
    void bodyReadsTopLevelParts() {
        Body body = Views.body(TREE);
        assertEquals("kopf.dev/v1", body.apiVersion());
        assertEquals("KopfExample", body.kind());
        assertEquals(3, body.spec().get("replicas"));
        assertEquals(List.of(1, "two"), body.at("spec.nested.list"));
        assertNull(body.at("spec.missing.deeper"));
        assertTrue(body.has("spec"));
        assertTrue(body.status().isEmpty());
    }

    @Test
    void metaReadsMetadata() {
        Meta meta = Views.body(TREE).metadata();
        assertEquals("kex1", meta.name());
        assertEquals("ns1", meta.namespace());
        assertEquals("u1", meta.uid());
        assertEquals("42", meta.resourceVersion());
        assertEquals(3, meta.generation());
        assertEquals(Map.of("app", "web", "tier", "front"), meta.labels());
        assertEquals(List.of("app", "tier"), List.copyOf(meta.labels().keySet()), "the object's order");
        assertEquals("d", meta.annotations().get("a.b/c"));
        assertEquals(List.of("x", "y"), meta.finalizers());
        assertEquals(Optional.of(Instant.parse("2024-01-02T03:04:05Z")), meta.creationTimestamp());
        assertEquals(Optional.empty(), meta.deletionTimestamp());
    }

    @Test
    void missingPartsReadAsEmpty() {
        Body body = Views.body(null);
        assertTrue(body.isEmpty());
        assertEquals("", body.metadata().name());
        assertEquals(0, body.metadata().generation());
        assertTrue(body.metadata().labels().isEmpty());
        assertTrue(body.spec().asMap().isEmpty());
        assertTrue(body.json().isNull());
    }

    @Test
    void viewsAreReadOnlyAndJsonIsACopy() {
        Body body = Views.body(TREE);
        ((ObjectNode) body.json()).put("kind", "Changed");
        assertEquals("KopfExample", body.kind());
        assertThrows(UnsupportedOperationException.class, () -> body.asMap().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> body.metadata().labels().put("x", "y"));
    }

    @Test
    void asBindsToRecordsIgnoringUnknownProperties() {
        assertEquals(new SpecPojo(3), Views.body(TREE).spec().as(SpecPojo.class));
    }

    @Test
    void oldAndNewWrapFieldValues() {
        Old old = Views.old(FakeContext.json("5"));
        assertEquals(5, old.as(Integer.class));
        assertFalse(old.isEmpty());
        assertTrue(Views.old(null).isEmpty());
        assertEquals(Views.newValue(TREE), Views.newValue(TREE.deepCopy()));
    }

    @Test
    void nodeGivesTheTreeWithoutCopying() {
        assertSame(TREE, Views.node(Views.body(TREE)));
        assertTrue(Views.node(null).isMissingNode());
    }
}
