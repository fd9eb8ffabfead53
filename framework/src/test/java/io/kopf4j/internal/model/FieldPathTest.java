package io.kopf4j.internal.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldPathTest {

    @Test
    void dottedPathSplitsAtEveryDotAsPythonDoes() {
        assertEquals(List.of("spec", "field"), FieldPath.parse("spec.field").keys());
        assertEquals(List.of("a", "", "b", ""), FieldPath.parse("a..b.").keys());
    }

    @Test
    void arrayFormKeepsDotsInsideKeys() {
        FieldPath path = FieldPath.of("metadata", "annotations", "a.b/c");
        assertEquals(3, path.size());
        assertEquals("metadata.annotations.a.b/c", path.toString());
        assertEquals("x", path.resolve(json("{'metadata': {'annotations': {'a.b/c': 'x'}}}")).asText());
    }

    @Test
    void resolutionThroughAbsentOrNonMapValuesIsMissing() {
        assertTrue(FieldPath.parse("spec.a.b").resolve(json("{'spec': {'a': 'scalar'}}")).isMissingNode());
        assertTrue(FieldPath.parse("spec.a").resolve(json("{}")).isMissingNode());
        assertTrue(FieldPath.parse("spec.a").resolve(json("{'spec': {'a': null}}")).isNull());
        assertEquals(json("{'a': 1}"), FieldPath.root().resolve(json("{'a': 1}")));
    }

    @Test
    void prefixesChildrenAndEquality() {
        FieldPath spec = FieldPath.parse("spec");
        assertTrue(FieldPath.parse("spec.x").startsWith(spec));
        assertFalse(spec.startsWith(FieldPath.parse("spec.x")));
        assertEquals(FieldPath.parse("spec.x"), spec.child("x"));
        assertEquals(FieldPath.of("x"), FieldPath.parse("spec.x").drop(1));
        assertTrue(FieldPath.of(List.of()).isRoot());
        assertEquals("", FieldPath.root().toString());
    }
}
