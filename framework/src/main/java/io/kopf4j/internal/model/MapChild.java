package io.kopf4j.internal.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link Hierarchies.Child} over a mutable JSON-like map, changed in place. Kopf: {@code MutableMapping} cases. */
final class MapChild implements Hierarchies.Child {
    private final Map<String, Object> body;

    MapChild(Map<String, Object> body) {
        this.body = body;
    }

    @Override
    public boolean named() {
        Map<String, Object> meta = readMap(body, "metadata", "metadata");
        return meta != null && (meta.containsKey("name") || meta.containsKey("generateName"));
    }

    @Override
    public void name(String name) {
        set("name", name);
    }

    @Override
    public void generateName(String prefix) {
        set("generateName", prefix);
    }

    @Override
    public String namespace() {
        Map<String, Object> meta = readMap(body, "metadata", "metadata");
        Object value = meta == null ? null : meta.get("namespace");
        return value == null ? null : value.toString();
    }

    @Override
    public void namespace(String namespace) {
        set("namespace", namespace);
    }

    @Override
    public boolean hasLabel(String key) {
        Map<String, Object> meta = readMap(body, "metadata", "metadata");
        Map<String, Object> labels = meta == null ? null : readMap(meta, "labels", "metadata.labels");
        return labels != null && labels.containsKey(key);
    }

    @Override
    public void putLabel(String key, String value) {
        writeMap(writeMap(body, "metadata", "metadata"), "labels", "metadata.labels").put(key, value);
    }

    @Override
    public boolean ownedBy(String uid) {
        List<Object> refs = readReferences();
        return refs != null && refs.stream().anyMatch(ref -> uid.equals(uidOf(ref)));
    }

    @Override
    public void addOwnerReference(Hierarchies.OwnerReference reference) {
        Map<String, Object> meta = writeMap(body, "metadata", "metadata");
        List<Object> refs = readReferences();
        if (refs == null) {
            refs = new ArrayList<>();
            meta.put("ownerReferences", refs);
        }
        refs.add(reference.asMap());
    }

    @Override
    public void removeOwnerReference(String uid) {
        List<Object> refs = readReferences();
        if (refs != null && refs.stream().anyMatch(ref -> uid.equals(uidOf(ref)))) {
            refs.removeIf(ref -> uid.equals(uidOf(ref)));
        }
    }

    @Override
    public Optional<Hierarchies.Child> nested(FieldPath path) {
        Map<String, Object> current = body;
        List<String> keys = path.keys();
        for (int i = 0; i < keys.size(); i++) {
            current = readMap(current, keys.get(i), String.join(".", keys.subList(0, i + 1)));
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new MapChild(current));
    }

    private void set(String key, String value) {
        if (value == null) {
            Map<String, Object> meta = readMap(body, "metadata", "metadata");
            if (meta != null) {
                meta.remove(key);
            }
        } else {
            writeMap(body, "metadata", "metadata").put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> readReferences() {
        Map<String, Object> meta = readMap(body, "metadata", "metadata");
        Object value = meta == null ? null : meta.get("ownerReferences");
        if (value == null) {
            return null;
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException(
                    "The child's metadata.ownerReferences is not a list: " + value.getClass().getName());
        }
        return (List<Object>) value;
    }

    private static Object uidOf(Object reference) {
        return reference instanceof Map<?, ?> map ? map.get("uid") : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readMap(Map<String, Object> parent, String key, String path) {
        Object value = parent.get(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(
                    "The child's " + path + " is not an object: " + value.getClass().getName());
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> writeMap(Map<String, Object> parent, String key, String path) {
        Map<String, Object> map = readMap(parent, key, path);
        if (map == null) {
            map = new LinkedHashMap<>();
            parent.put(key, map);
        }
        return map;
    }
}
