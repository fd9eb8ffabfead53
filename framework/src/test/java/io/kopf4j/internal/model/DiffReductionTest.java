package io.kopf4j.internal.model;

import io.kopf4j.Diff;
import io.kopf4j.DiffItem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.DiffOperation.ADD;
import static io.kopf4j.DiffOperation.CHANGE;
import static io.kopf4j.DiffOperation.REMOVE;
import static io.kopf4j.internal.model.Json.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffReductionTest {

    private static final Diff FULL = Diffs.diff(
            json("{'spec': {'field': 'a', 'other': 1, 'struct': {'x': 1}}}"),
            json("{'spec': {'field': 'b', 'other': 2, 'struct': {'x': 2, 'y': 3}}}"));

    @Test
    void rootFieldKeepsTheDiffAsItIs() {
        assertSame(FULL, Diffs.reduce(FULL, FieldPath.root()));
    }

    @Test
    void itemsInsideTheFieldGetPathsRelativeToIt() {
        assertEquals(List.of(
                new DiffItem(ADD, List.of("y"), null, 3),
                new DiffItem(CHANGE, List.of("x"), 1, 2)), Diffs.reduce(FULL, FieldPath.parse("spec.struct")).items());
    }

    @Test
    void theFieldItselfHasTheEmptyPath() {
        assertEquals(List.of(new DiffItem(CHANGE, List.of(), "a", "b")),
                Diffs.reduce(FULL, FieldPath.parse("spec.field")).items());
    }

    @Test
    void itemsOutsideTheFieldAreDropped() {
        assertTrue(Diffs.reduce(FULL, FieldPath.parse("spec.absent")).isEmpty());
        assertTrue(Diffs.reduce(FULL, FieldPath.parse("metadata.labels")).isEmpty());
    }

    @Test
    void additionOfAParentIsRediffedAtTheField() {
        Diff added = Diffs.diff(json("{}"), json("{'spec': {'struct': {'x': 1}}}"));
        assertEquals(List.of(new DiffItem(ADD, List.of(), null, Map.of("x", 1))),
                Diffs.reduce(added, FieldPath.parse("spec.struct")).items());
    }

    @Test
    void removalOfAParentIsRediffedAtTheField() {
        Diff removed = Diffs.diff(json("{'spec': {'struct': {'x': 1}}}"), json("{}"));
        assertEquals(List.of(new DiffItem(REMOVE, List.of(), Map.of("x", 1), null)),
                Diffs.reduce(removed, FieldPath.parse("spec.struct")).items());
    }

    @Test
    void parentChangeWithoutTheFieldOnEitherSideIsNoChangeOfTheField() {
        Diff changed = Diffs.diff(json("{'spec': 'flat'}"), json("{'spec': {'other': 1}}"));
        assertTrue(Diffs.reduce(changed, FieldPath.parse("spec.struct")).isEmpty());
    }

    @Test
    void wholeObjectCreationIsAnAdditionOfTheField() {
        Diff created = Diffs.diff(null, json("{'spec': {'field': 'v'}}"));
        assertEquals(List.of(new DiffItem(ADD, List.of(), null, "v")),
                Diffs.reduce(created, FieldPath.parse("spec.field")).items());
    }
}
