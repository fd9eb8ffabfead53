package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1ConfigMap;
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
import static org.junit.jupiter.api.Assertions.assertThrows;

class NameHarmonizingTest {

    @Test
    void unnamedChildGetsAGenerateNamePrefixByDefault() {
        Map<String, Object> child = new HashMap<>();
        Kopf.harmonizeNaming(child, "parent");
        assertEquals(Map.of("generateName", "parent-"), at(child, "metadata"));
    }

    @Test
    void unnamedChildGetsTheExactNameWhenStrict() {
        ObjectNode child = json("{}");
        Kopf.harmonizeNaming(child, "parent", true);
        assertEquals(json("""
                {"metadata": {"name": "parent"}}"""), child);
    }

    @Test
    void namedChildrenKeepTheirNames() {
        Map<String, Object> named = map("""
                {"metadata": {"name": "own"}}""");
        Map<String, Object> prefixed = map("""
                {"metadata": {"generateName": "own-"}}""");
        Kopf.harmonizeNaming(named, "parent", true);
        Kopf.harmonizeNaming(prefixed, "parent");
        assertEquals(Map.of("name", "own"), at(named, "metadata"));
        assertEquals(Map.of("generateName", "own-"), at(prefixed, "metadata"));
    }

    @Test
    void aNullNameInAMapCountsAsNamedAsInKopf() {
        Map<String, Object> child = map("""
                {"metadata": {"name": null}}""");
        Kopf.harmonizeNaming(child, "parent");
        assertEquals(1, at(child, "metadata").size());
        assertNull(at(child, "metadata").get("name"));
    }

    @Test
    void forcedStrictNamingReplacesTheGenerateName() {
        Map<String, Object> child = map("""
                {"metadata": {"generateName": "own-"}}""");
        Kopf.harmonizeNaming(child, "parent", true, true);
        assertEquals(Map.of("name", "parent"), at(child, "metadata"));
    }

    @Test
    void forcedPrefixNamingReplacesTheName() {
        ObjectNode child = json("""
                {"metadata": {"name": "own"}}""");
        Kopf.harmonizeNaming(child, "parent", false, true);
        assertEquals(json("""
                {"metadata": {"generateName": "parent-"}}"""), child);
    }

    @Test
    void modelsAreNamedTheSameWay() {
        V1Pod unnamed = new V1Pod();
        Kopf.harmonizeNaming(unnamed, "parent");
        assertEquals("parent-", unnamed.getMetadata().getGenerateName());
        assertNull(unnamed.getMetadata().getName());

        V1ConfigMap strict = new V1ConfigMap().metadata(new V1ObjectMeta());
        Kopf.harmonizeNaming(strict, "parent", true);
        assertEquals("parent", strict.getMetadata().getName());

        V1ConfigMap named = new V1ConfigMap().metadata(new V1ObjectMeta().name("own"));
        Kopf.harmonizeNaming(named, "parent");
        assertEquals("own", named.getMetadata().getName());
        assertNull(named.getMetadata().getGenerateName());

        Kopf.harmonizeNaming(named, "parent", false, true);
        assertEquals("parent-", named.getMetadata().getGenerateName());
        assertNull(named.getMetadata().getName());
    }

    @Test
    void aNullNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Kopf.harmonizeNaming(new HashMap<>(), null));
    }
}
