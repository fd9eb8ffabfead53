package io.kopf4j.internal.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Patch;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The patch handlers collect into during one processing cycle: nested maps that become a JSON merge-patch
 * ({@link #toMergePatch()}), plus transformations of the freshest body ({@link #transformations()}). Thread-safe
 * enough for one worker per object: handlers of one object never run concurrently. Kopf:
 * {@code kopf/_cogs/structs/patches.py}. Not API.
 */
public final class RealPatch extends AbstractMap<String, Object> implements Patch {
    private final RealSection root = new RealSection();
    private final List<Consumer<ObjectNode>> transformations = new ArrayList<>();

    /** One level of the patch; nested maps are sections. */
    static class RealSection extends AbstractMap<String, Object> implements Patch.MetadataSection {
        final Map<String, Object> values = new LinkedHashMap<>();

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return values.entrySet();
        }

        @Override
        public Object put(String key, Object value) {
            Objects.requireNonNull(key, "a patch key cannot be null");
            return values.put(key, value);
        }

        @Override
        public Object get(Object key) {
            return values.get(key);
        }

        @Override
        public Object remove(Object key) {
            return values.remove(key);
        }

        @Override
        public Patch.Section section(String key) {
            Object v = values.get(key);
            if (v instanceof RealSection) {
                return (RealSection) v;
            }
            RealSection s = new RealSection();
            if (v instanceof Map) {
                ((Map<?, ?>) v).forEach((k, val) -> s.put(String.valueOf(k), val));
            }
            values.put(key, s);
            return s;
        }

        @Override
        public Patch.Section labels() {
            return section("labels");
        }

        @Override
        public Patch.Section annotations() {
            return section("annotations");
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return root.entrySet();
    }

    @Override
    public Object put(String key, Object value) {
        return root.put(key, value);
    }

    @Override
    public Object get(Object key) {
        return root.get(key);
    }

    @Override
    public Object remove(Object key) {
        return root.remove(key);
    }

    @Override
    public Section spec() {
        return root.section("spec");
    }

    @Override
    public Section status() {
        return root.section("status");
    }

    @Override
    public MetadataSection metadata() {
        return (MetadataSection) root.section("metadata");
    }

    @Override
    public Section section(String key) {
        return root.section(key);
    }

    @Override
    public Patch fn(Consumer<ObjectNode> transformation) {
        transformations.add(Objects.requireNonNull(transformation, "transformation"));
        return this;
    }

    /** The transformations added with {@link #fn}, in order. */
    public List<Consumer<ObjectNode>> transformations() {
        return Collections.unmodifiableList(transformations);
    }

    /** Whether there is nothing to send: no key (empty sections count as nothing) and no transformation. */
    @Override
    public boolean isEmpty() {
        return toMergePatch().isEmpty() && transformations.isEmpty();
    }

    /** The merge-patch: empty sections are dropped; {@code null} values stay (they remove keys). */
    public ObjectNode toMergePatch() {
        ObjectNode out = Views.MAPPER.createObjectNode();
        write(root, out);
        return out;
    }

    private static void write(Map<String, Object> section, ObjectNode out) {
        section.forEach((k, v) -> {
            if (v instanceof RealSection) {
                ObjectNode nested = Views.MAPPER.createObjectNode();
                write((RealSection) v, nested);
                if (!nested.isEmpty()) {
                    out.set(k, nested);
                }
            } else {
                out.set(k, v instanceof JsonNode ? (JsonNode) v : Views.MAPPER.valueToTree(v));
            }
        });
    }

    /** Splits off the {@code status} part, for resources whose status goes through {@code /status}. */
    public static ObjectNode[] splitStatus(ObjectNode mergePatch) {
        ObjectNode main = mergePatch.deepCopy();
        JsonNode status = main.remove("status");
        ObjectNode statusPatch = Views.MAPPER.createObjectNode();
        if (status != null) {
            statusPatch.set("status", status);
        }
        return new ObjectNode[]{main, statusPatch};
    }
}
