package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealPatchTest {

    @Test
    void sectionsBecomeAMergePatch() {
        RealPatch patch = new RealPatch();
        patch.status().put("phase", "Ready");
        patch.spec().section("nested").put("x", 1);
        patch.metadata().labels().put("handled", "yes");
        patch.metadata().annotations().put("a.b/c", "d");
        assertEquals(FakeContext.json("{'status': {'phase': 'Ready'}, 'spec': {'nested': {'x': 1}},"
                + " 'metadata': {'labels': {'handled': 'yes'}, 'annotations': {'a.b/c': 'd'}}}"), patch.toMergePatch());
    }

    @Test
    void nullValuesStayToRemoveKeys() {
        RealPatch patch = new RealPatch();
        patch.metadata().labels().put("gone", null);
        assertEquals(FakeContext.json("{'metadata': {'labels': {'gone': null}}}"), patch.toMergePatch());
        assertFalse(patch.isEmpty());
    }

    @Test
    void emptySectionsAreDropped() {
        RealPatch patch = new RealPatch();
        patch.status();
        patch.metadata().labels();
        assertEquals(FakeContext.json("{}"), patch.toMergePatch());
        assertTrue(patch.isEmpty());
    }

    @Test
    void sectionIsCreatedOnceAndAbsorbsAPlainMap() {
        RealPatch patch = new RealPatch();
        assertSame(patch.status(), patch.status());
        Map<String, Object> plain = new HashMap<>();
        plain.put("a", 1);
        patch.put("spec", plain);
        patch.spec().put("b", 2);
        assertEquals(FakeContext.json("{'spec': {'a': 1, 'b': 2}}"), patch.toMergePatch());
    }

    @Test
    void valuesOfAnyJsonAbleTypeAreWritten() {
        RealPatch patch = new RealPatch();
        patch.status().put("list", java.util.List.of(1, "two"));
        patch.status().put("tree", FakeContext.json("{'k': true}"));
        assertEquals(FakeContext.json("{'status': {'list': [1, 'two'], 'tree': {'k': true}}}"),
                patch.toMergePatch());
    }

    @Test
    void nullKeysAreRejected() {
        assertThrows(NullPointerException.class, () -> new RealPatch().status().put(null, 1));
    }

    @Test
    void transformationsAreKeptInOrderAndMakeThePatchNonEmpty() {
        RealPatch patch = new RealPatch();
        patch.fn(body -> body.put("a", 1)).fn(body -> body.put("a", 2));
        assertFalse(patch.isEmpty());
        ObjectNode body = FakeContext.JSON.createObjectNode();
        patch.transformations().forEach(t -> t.accept(body));
        assertEquals(2, body.get("a").asInt());
        assertThrows(UnsupportedOperationException.class, () -> patch.transformations().clear());
    }

    @Test
    void statusSplitsOffForTheStatusSubresource() {
        RealPatch patch = new RealPatch();
        patch.status().put("phase", "Ready");
        patch.spec().put("x", 1);
        ObjectNode[] parts = RealPatch.splitStatus(patch.toMergePatch());
        assertEquals(FakeContext.json("{'spec': {'x': 1}}"), parts[0]);
        assertEquals(FakeContext.json("{'status': {'phase': 'Ready'}}"), parts[1]);
        assertEquals(FakeContext.json("{}"), RealPatch.splitStatus(FakeContext.JSON.createObjectNode())[1]);
    }
}
