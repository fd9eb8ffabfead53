package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The finalizer that blocks an object's deletion until its delete handlers have succeeded, added and removed as
 * JSON-patch operations against the freshest body, so that other operators' finalizers are never rewritten (a
 * merge-patch would replace the whole list). The operations go after a {@code test} of the resourceVersion, which the
 * patch sender puts first; a failed test (422) leaves it to the next cycle. Kopf:
 * {@code kopf/_cogs/structs/finalizers.py}.
 */
public final class Finalizers {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Finalizers() {
    }

    public static boolean isDeletionOngoing(JsonNode body) {
        JsonNode ts = body.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
    }

    public static boolean isBlocked(JsonNode body, String finalizer) {
        for (JsonNode f : body.path("metadata").path("finalizers")) {
            if (finalizer.equals(f.asText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The operations that add {@code finalizer} to {@code body}: append to the list, or create the list when there is
     * none; nothing when it is already there.
     */
    public static List<ObjectNode> addOps(JsonNode body, String finalizer) {
        if (isBlocked(body, finalizer)) {
            return List.of();
        }
        ObjectNode op = NODES.objectNode().put("op", "add");
        if (body.path("metadata").path("finalizers").isArray()) {
            op.put("path", "/metadata/finalizers/-").put("value", finalizer);
        } else {
            op.put("path", "/metadata/finalizers");
            op.putArray("value").add(finalizer);
        }
        return List.of(op);
    }

    /**
     * The operations that remove every occurrence of {@code finalizer} from {@code body}, by index (highest first), each
     * after a {@code test} that the index still holds it; nothing when it is absent.
     */
    public static List<ObjectNode> removeOps(JsonNode body, String finalizer) {
        List<ObjectNode> ops = new ArrayList<>();
        JsonNode list = body.path("metadata").path("finalizers");
        for (int i = list.size() - 1; i >= 0; i--) {
            if (finalizer.equals(list.get(i).asText())) {
                String path = "/metadata/finalizers/" + i;
                ops.add(NODES.objectNode().put("op", "test").put("path", path).put("value", finalizer));
                ops.add(NODES.objectNode().put("op", "remove").put("path", path));
            }
        }
        return ops;
    }

    /** The {@code test} of the resourceVersion that every framework JSON-patch starts with. */
    public static ObjectNode testResourceVersion(JsonNode body) {
        return NODES.objectNode().put("op", "test").put("path", "/metadata/resourceVersion")
                .put("value", body.path("metadata").path("resourceVersion").asText(""));
    }

    /** A JSON-patch document of the given operations. */
    static ArrayNode document(List<ObjectNode> ops) {
        ArrayNode doc = NODES.arrayNode();
        ops.forEach(doc::add);
        return doc;
    }
}
