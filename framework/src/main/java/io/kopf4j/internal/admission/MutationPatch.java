package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.handling.JsonPatchDiff;
import io.kopf4j.internal.registry.RealPatch;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON-patch (RFC 6902) of a mutating admission response: the request's object is changed in memory by each
 * mutating handler's patch in turn (its merge-patch by RFC 7386, where {@code null} removes a key and lists are
 * replaced whole, then its {@code patch.fn} transformations), and the differences from the original object become
 * the operations; changes that change nothing give none, and there are no {@code test} operations. Kopf:
 * {@code Patch.as_json_patch}. Not API.
 */
final class MutationPatch {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MutationPatch() {
    }

    /** The operations that the patches make to the object, in order; an empty array when none. */
    static ArrayNode of(JsonNode object, List<RealPatch> patches) {
        ArrayNode ops = NODES.arrayNode();
        if (object == null || !object.isObject() || patches.isEmpty()) {
            return ops;
        }
        ObjectNode changed = object.deepCopy();
        for (RealPatch patch : patches) {
            ObjectNode merged = (ObjectNode) merge(changed, patch.toMergePatch());
            patch.transformations().forEach(fn -> fn.accept(merged));
            changed = merged;
        }
        ops.addAll(JsonPatchDiff.diff(object, changed));
        return ops;
    }

    /** RFC 7386: a JSON merge-patch applied to a target (which is changed when it is an object). */
    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target : NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
