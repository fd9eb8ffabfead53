package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** A {@link Hierarchies.Child} over a Jackson object node, changed in place. */
final class JsonChild implements Hierarchies.Child {
    private final ObjectNode body;

    JsonChild(ObjectNode body) {
        this.body = body;
    }

    @Override
    public boolean named() {
        ObjectNode meta = read(body, "metadata", "metadata");
        return meta != null && (meta.has("name") || meta.has("generateName"));
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
        ObjectNode meta = read(body, "metadata", "metadata");
        JsonNode value = meta == null ? null : meta.get("namespace");
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void namespace(String namespace) {
        set("namespace", namespace);
    }

    @Override
    public boolean hasLabel(String key) {
        ObjectNode meta = read(body, "metadata", "metadata");
        ObjectNode labels = meta == null ? null : read(meta, "labels", "metadata.labels");
        return labels != null && labels.has(key);
    }

    @Override
    public void putLabel(String key, String value) {
        write(write(body, "metadata", "metadata"), "labels", "metadata.labels").put(key, value);
    }

    @Override
    public boolean ownedBy(String uid) {
        ArrayNode refs = readReferences();
        if (refs != null) {
            for (JsonNode ref : refs) {
                if (uid.equals(ref.path("uid").textValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void addOwnerReference(Hierarchies.OwnerReference reference) {
        ObjectNode meta = write(body, "metadata", "metadata");
        ArrayNode refs = readReferences();
        if (refs == null) {
            refs = meta.putArray("ownerReferences");
        }
        refs.addObject()
                .put("apiVersion", reference.apiVersion())
                .put("kind", reference.kind())
                .put("name", reference.name())
                .put("uid", reference.uid())
                .put("controller", reference.controller())
                .put("blockOwnerDeletion", reference.blockOwnerDeletion());
    }

    @Override
    public void removeOwnerReference(String uid) {
        ArrayNode refs = readReferences();
        if (refs != null) {
            for (Iterator<JsonNode> it = refs.elements(); it.hasNext(); ) {
                if (uid.equals(it.next().path("uid").textValue())) {
                    it.remove();
                }
            }
        }
    }

    @Override
    public Optional<Hierarchies.Child> nested(FieldPath path) {
        ObjectNode current = body;
        List<String> keys = path.keys();
        for (int i = 0; i < keys.size(); i++) {
            current = read(current, keys.get(i), String.join(".", keys.subList(0, i + 1)));
            if (current == null) {
                return Optional.empty();
            }
        }
        return Optional.of(new JsonChild(current));
    }

    private void set(String key, String value) {
        if (value == null) {
            ObjectNode meta = read(body, "metadata", "metadata");
            if (meta != null) {
                meta.remove(key);
            }
        } else {
            write(body, "metadata", "metadata").put(key, value);
        }
    }

    private ArrayNode readReferences() {
        ObjectNode meta = read(body, "metadata", "metadata");
        JsonNode value = meta == null ? null : meta.get("ownerReferences");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(
                    "The child's metadata.ownerReferences is not a list: " + value.getNodeType());
        }
        return (ArrayNode) value;
    }

    private static ObjectNode read(ObjectNode parent, String key, String path) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw new IllegalArgumentException("The child's " + path + " is not an object: " + value.getNodeType());
        }
        return (ObjectNode) value;
    }

    private static ObjectNode write(ObjectNode parent, String key, String path) {
        ObjectNode node = read(parent, key, path);
        return node != null ? node : parent.putObject(key);
    }
}
