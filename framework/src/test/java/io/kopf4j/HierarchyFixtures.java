package io.kopf4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.registry.Views;

import java.util.LinkedHashMap;
import java.util.Map;

/** Owners and children shared by the hierarchy tests. */
final class HierarchyFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private HierarchyFixtures() {
    }

    /** A namespaced owner as the handler gets it. */
    static Body owner() {
        return Views.body(json("""
                {"apiVersion": "kopf.dev/v1", "kind": "KopfExample",
                 "metadata": {"name": "owner", "namespace": "ns1", "uid": "uid-1",
                              "labels": {"app": "demo", "tier": "back"}}}
                """));
    }

    static Body owner(String json) {
        return Views.body(json(json));
    }

    static ObjectNode json(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A deeply mutable map from JSON text. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(String json) {
        try {
            return MAPPER.readValue(json, LinkedHashMap.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> at(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (Map<String, Object>) current;
    }
}
