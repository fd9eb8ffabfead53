package io.kopf4j.internal.model;

import io.kopf4j.Diff;
import io.kopf4j.DiffItem;
import io.kopf4j.DiffOperation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.kopf4j.DiffOperation.ADD;
import static io.kopf4j.DiffOperation.CHANGE;
import static io.kopf4j.DiffOperation.REMOVE;
import static io.kopf4j.internal.model.Json.json;
import static io.kopf4j.internal.model.Json.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffComputationTest {

    private static DiffItem item(DiffOperation op, List<String> path, Object old, Object now) {
        return new DiffItem(op, path, old, now);
    }

    @Test
    void noOldObjectIsOneAdditionOfTheWholeObjectAtTheRoot() {
        Diff diff = Diffs.diff(null, json("{'spec': {'a': 1}}"));
        assertEquals(Diff.of(List.of(item(ADD, List.of(), null, Map.of("spec", Map.of("a", 1))))), diff);
    }

    @Test
    void noNewObjectIsOneRemovalOfTheWholeObjectAtTheRoot() {
        Diff diff = Diffs.diff(json("{'spec': {'a': 1}}"), json("null"));
        assertEquals(List.of(item(REMOVE, List.of(), Map.of("spec", Map.of("a", 1)), null)), diff.items());
    }

    @Test
    void twoNothingsAndTwoEqualObjectsGiveNoItems() {
        assertTrue(Diffs.diff(null, null).isEmpty());
        assertTrue(Diffs.diff(json("{'a': {'b': [1, 2]}, 'c': 'x'}"), json("{'c': 'x', 'a': {'b': [1, 2]}}"))
                .isEmpty());
    }

    @Test
    void changedScalarIsAChangeAtItsPath() {
        Diff diff = Diffs.diff(json("{'spec': {'field': 'old'}}"), json("{'spec': {'field': 'new'}}"));
        assertEquals(List.of(item(CHANGE, List.of("spec", "field"), "old", "new")), diff.items());
    }

    @Test
    void listsAreComparedAsWholeValues() {
        Diff diff = Diffs.diff(json("{'spec': {'items': [1, 2, 3]}}"), json("{'spec': {'items': [1, 666, 3]}}"));
        assertEquals(List.of(item(CHANGE, List.of("spec", "items"), List.of(1, 2, 3), List.of(1, 666, 3))),
                diff.items());
    }

    @Test
    void newKeyIsAnAdditionAndDroppedKeyARemoval() {
        Diff diff = Diffs.diff(json("{'spec': {'gone': 1}}"), json("{'spec': {'fresh': {'x': true}}}"));
        assertEquals(List.of(
                item(ADD, List.of("spec", "fresh"), null, Map.of("x", true)),
                item(REMOVE, List.of("spec", "gone"), 1, null)), diff.items());
    }

    @Test
    void nullValueCountsAsAbsentOnBothSides() {
        assertTrue(Diffs.diff(json("{'a': null}"), json("{}")).isEmpty());
        assertTrue(Diffs.diff(json("{}"), json("{'a': null}")).isEmpty());
        assertEquals(List.of(item(ADD, List.of("a"), null, 1)),
                Diffs.diff(json("{'a': null}"), json("{'a': 1}")).items());
        assertEquals(List.of(item(REMOVE, List.of("a"), 1, null)),
                Diffs.diff(json("{'a': 1}"), json("{'a': null}")).items());
    }

    @Test
    void mapReplacedByScalarIsOneChangeOfTheWholeValue() {
        Diff diff = Diffs.diff(json("{'a': {'b': 1}}"), json("{'a': 'flat'}"));
        assertEquals(List.of(item(CHANGE, List.of("a"), Map.of("b", 1), "flat")), diff.items());
    }

    @Test
    void numbersAreEqualByValueAsInPython() {
        assertTrue(Diffs.diff(json("{'a': 1}"), json("{'a': 1.0}")).isEmpty());
        assertTrue(Diffs.diff(json("{'a': true}"), json("{'a': 1}")).isEmpty(), "True == 1 in Python");
        assertEquals(1, Diffs.diff(json("{'a': 1}"), json("{'a': '1'}")).size());
    }

    @Test
    void itemsComeAsAdditionsThenRemovalsThenChangesEachSortedByKey() {
        Diff diff = Diffs.diff(json("{'z': 1, 'y': 2, 'c': 1, 'b': 1}"), json("{'c': 2, 'b': 2, 'x': 1, 'a': 1}"));
        assertEquals(List.of(
                item(ADD, List.of("a"), null, 1),
                item(ADD, List.of("x"), null, 1),
                item(REMOVE, List.of("y"), 2, null),
                item(REMOVE, List.of("z"), 1, null),
                item(CHANGE, List.of("b"), 1, 2),
                item(CHANGE, List.of("c"), 1, 2)), diff.items());
    }

    @Test
    void leftScopeIgnoresKeysOnlyTheNewSideHas() {
        Diff diff = Diffs.diff(json("{'a': 1, 'b': 1}"), json("{'a': 2, 'c': 3}"), Diffs.Scope.LEFT);
        assertEquals(List.of(item(REMOVE, List.of("b"), 1, null), item(CHANGE, List.of("a"), 1, 2)), diff.items());
        Diff right = Diffs.diff(json("{'a': 1, 'b': 1}"), json("{'a': 2, 'c': 3}"), Diffs.Scope.RIGHT);
        assertEquals(List.of(item(ADD, List.of("c"), null, 3), item(CHANGE, List.of("a"), 1, 2)), right.items());
    }

    @Test
    void valuesArePlainJavaAsJacksonConvertsThem() {
        DiffItem only = Diffs.diff(json("{}"), json("{'v': {'i': 1, 'l': 10000000000, 'd': 1.5, 's': 'x', 'n': null,"
                + " 'list': [true]}}")).get(0);
        assertEquals(Json.MAPPER.convertValue(json("{'i': 1, 'l': 10000000000, 'd': 1.5, 's': 'x', 'n': null,"
                + " 'list': [true]}"), Object.class), only.newValue());
        assertThrows(UnsupportedOperationException.class, () -> ((Map<?, ?>) only.newValue()).clear());
    }

    @Test
    void diffIsAnImmutableValue() {
        Diff diff = Diffs.diff(json("{'a': 1}"), json("{'a': 2}"));
        assertEquals(Diffs.diff(json("{'a': 1}"), json("{'a': 2}")), diff);
        assertEquals(Diffs.diff(json("{'a': 1}"), json("{'a': 2}")).hashCode(), diff.hashCode());
        assertEquals("Diff[DiffItem[op=CHANGE, path=[a], oldValue=1, newValue=2]]", diff.toString());
        assertThrows(UnsupportedOperationException.class, () -> diff.items().clear());
        assertEquals("change", diff.get(0).op().kopfName());
        assertEquals(1, diff.stream().count());
    }

    @Test
    void plainValuesCanBeDiffedDirectly() {
        Diff diff = Diffs.diffPlain(plain("{'a': [1]}"), plain("{'a': [2]}"), Diffs.Scope.FULL);
        assertEquals(List.of(item(CHANGE, List.of("a"), List.of(1), List.of(2))), diff.items());
    }
}
