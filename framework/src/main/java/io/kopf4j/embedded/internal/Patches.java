package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch types the API server accepts, as pure functions over Jackson trees:
 * JSON merge patch (RFC 7386), JSON patch (RFC 6902) and Kubernetes strategic merge patch.
 * Every function returns a new tree and leaves its arguments untouched.
 * Not API.
 */
final class Patches {

    /** The most operations one JSON patch may carry, as the API server enforces. */
    static final int MAX_JSON_PATCH_OPERATIONS = 10000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
    private static final String SET_ELEMENT_ORDER = "$setElementOrder/";

    /** Merge keys of lists of objects in built-in types, by the list's field name. */
    private static final Map<String, String> MERGE_KEYS = Map.ofEntries(
            Map.entry("containers", "name"),
            Map.entry("initContainers", "name"),
            Map.entry("ephemeralContainers", "name"),
            Map.entry("env", "name"),
            Map.entry("volumes", "name"),
            Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"),
            Map.entry("ports", "containerPort"),
            Map.entry("imagePullSecrets", "name"),
            Map.entry("ownerReferences", "uid"),
            Map.entry("conditions", "type"),
            Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"));

    private Patches() {
    }

    /** Thrown for any failed or malformed patch. */
    static final class PatchException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean testFailed;

        PatchException(String message, boolean testFailed) {
            super(message);
            this.testFailed = testFailed;
        }

        /** True only when a JSON-patch {@code test} operation did not match. */
        boolean testFailed() {
            return testFailed;
        }
    }

    // ------------------------------------------------------------------ JSON merge patch (RFC 7386)

    /**
     * RFC 7386 JSON merge patch. Returns a new tree; never mutates inputs.
     * A null in the patch deletes the key; a non-object patch replaces the target.
     */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (patch == null || patch.isMissingNode()) {
            return NullNode.getInstance();
        }
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        mergeInto(result, (ObjectNode) patch);
        return result;
    }

    /** Merges {@code patch} into {@code owned}, which the caller owns and may be changed. */
    private static void mergeInto(ObjectNode owned, ObjectNode patch) {
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull()) {
                owned.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = owned.get(key);
                ObjectNode child = existing != null && existing.isObject() ? (ObjectNode) existing : NODES.objectNode();
                mergeInto(child, (ObjectNode) value);
                owned.set(key, child);
            } else {
                owned.set(key, value.deepCopy());
            }
        }
    }

    // ------------------------------------------------------------------ JSON patch (RFC 6902)

    private record Operation(int index, String op, String path, List<String> pathTokens,
                             String from, List<String> fromTokens, JsonNode value) {
    }

    /**
     * RFC 6902 JSON patch: operations add, remove, replace, move, copy and test. Returns a new tree.
     *
     * @throws PatchException when the patch is malformed, an operation cannot be applied, or a test fails
     */
    static JsonNode jsonPatch(JsonNode target, JsonNode operations) throws PatchException {
        if (operations == null || !operations.isArray()) {
            throw new PatchException("a JSON patch must be an array of operations", false);
        }
        if (operations.size() > MAX_JSON_PATCH_OPERATIONS) {
            throw new PatchException("the allowed maximum operations in a JSON patch is "
                    + MAX_JSON_PATCH_OPERATIONS + ", got " + operations.size(), false);
        }
        List<Operation> ops = new ArrayList<>(operations.size());
        for (int i = 0; i < operations.size(); i++) {
            ops.add(parseOperation(i, operations.get(i)));
        }
        JsonNode[] doc = {target == null || target.isMissingNode() ? NullNode.getInstance() : target.deepCopy()};
        for (Operation op : ops) {
            apply(doc, op);
        }
        return doc[0];
    }

    private static Operation parseOperation(int index, JsonNode node) throws PatchException {
        if (node == null || !node.isObject()) {
            throw opError(index, "must be a JSON object");
        }
        String op = requiredString(index, node, "op");
        String path = requiredString(index, node, "path");
        List<String> pathTokens = parsePointer(index, "path", path);
        String from = null;
        List<String> fromTokens = null;
        JsonNode value = null;
        switch (op) {
            case "add", "replace", "test" -> {
                value = node.get("value");
                if (value == null) {
                    throw opError(index, "missing \"value\"");
                }
            }
            case "remove" -> {
            }
            case "move", "copy" -> {
                from = requiredString(index, node, "from");
                fromTokens = parsePointer(index, "from", from);
            }
            default -> throw opError(index, "unknown op \"" + op + "\"");
        }
        return new Operation(index, op, path, pathTokens, from, fromTokens, value);
    }

    private static String requiredString(int index, JsonNode node, String name) throws PatchException {
        JsonNode v = node.get(name);
        if (v == null) {
            throw opError(index, "missing \"" + name + "\"");
        }
        if (!v.isTextual()) {
            throw opError(index, "\"" + name + "\" must be a string");
        }
        return v.textValue();
    }

    private static PatchException opError(int index, String what) {
        return new PatchException("operation " + index + ": " + what, false);
    }

    /** Splits a JSON pointer into unescaped reference tokens; the empty pointer is the whole document. */
    private static List<String> parsePointer(int index, String name, String pointer) throws PatchException {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw opError(index, "\"" + name + "\" " + quote(pointer) + " is not a JSON pointer (must start with \"/\")");
        }
        StringBuilder token = new StringBuilder();
        for (int i = 1; i <= pointer.length(); i++) {
            if (i == pointer.length() || pointer.charAt(i) == '/') {
                tokens.add(token.toString());
                token.setLength(0);
                continue;
            }
            char c = pointer.charAt(i);
            if (c == '~') {
                char next = i + 1 < pointer.length() ? pointer.charAt(i + 1) : 0;
                if (next == '0') {
                    token.append('~');
                } else if (next == '1') {
                    token.append('/');
                } else {
                    throw opError(index, "\"" + name + "\" " + quote(pointer) + " has an invalid escape (\"~\" must be followed by 0 or 1)");
                }
                i++;
            } else {
                token.append(c);
            }
        }
        return tokens;
    }

    private static void apply(JsonNode[] doc, Operation op) throws PatchException {
        switch (op.op()) {
            case "add" -> add(doc, op, op.pathTokens(), op.path(), op.value().deepCopy());
            case "remove" -> remove(doc, op, op.pathTokens(), op.path());
            case "replace" -> replace(doc, op);
            case "move" -> {
                if (op.from().equals(op.path())) {
                    // still require the location to exist
                    get(doc[0], op, op.fromTokens(), op.from(), true);
                    return;
                }
                if (op.path().startsWith(op.from() + "/")) {
                    throw opError(op.index(), "cannot move " + quote(op.from()) + " into its own child " + quote(op.path()));
                }
                JsonNode moved = remove(doc, op, op.fromTokens(), op.from());
                add(doc, op, op.pathTokens(), op.path(), moved);
            }
            case "copy" -> {
                JsonNode value = get(doc[0], op, op.fromTokens(), op.from(), true);
                add(doc, op, op.pathTokens(), op.path(), value.deepCopy());
            }
            case "test" -> test(doc[0], op);
            default -> throw opError(op.index(), "unknown op \"" + op.op() + "\"");
        }
    }

    /** Resolves the container holding the last token of {@code tokens}. */
    private static JsonNode parent(JsonNode root, Operation op, List<String> tokens, String pointer) throws PatchException {
        JsonNode node = root;
        for (int i = 0; i < tokens.size() - 1; i++) {
            node = child(node, tokens.get(i));
            if (node == null) {
                throw opError(op.index(), "path " + quote(pointer) + " not found");
            }
        }
        if (!node.isObject() && !node.isArray()) {
            throw opError(op.index(), "path " + quote(pointer) + " not found: its parent is not an object or array");
        }
        return node;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray()) {
            int i = arrayIndex(token);
            return i >= 0 && i < node.size() ? node.get(i) : null;
        }
        return null;
    }

    /** A non-negative array index without leading zeros, or -1. */
    private static int arrayIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }

    private static int requireIndex(Operation op, String pointer, String token, int maxInclusive) throws PatchException {
        int i = arrayIndex(token);
        if (i < 0) {
            throw opError(op.index(), "path " + quote(pointer) + ": " + quote(token) + " is not a valid array index");
        }
        if (i > maxInclusive) {
            throw opError(op.index(), "path " + quote(pointer) + ": array index " + i + " is out of bounds");
        }
        return i;
    }

    private static JsonNode get(JsonNode root, Operation op, List<String> tokens, String pointer, boolean required)
            throws PatchException {
        if (tokens.isEmpty()) {
            return root;
        }
        JsonNode container = parent(root, op, tokens, pointer);
        JsonNode value = child(container, tokens.get(tokens.size() - 1));
        if (value == null && required) {
            throw opError(op.index(), "path " + quote(pointer) + " not found");
        }
        return value;
    }

    private static void add(JsonNode[] doc, Operation op, List<String> tokens, String pointer, JsonNode value)
            throws PatchException {
        if (tokens.isEmpty()) {
            doc[0] = value;
            return;
        }
        JsonNode container = parent(doc[0], op, tokens, pointer);
        String last = tokens.get(tokens.size() - 1);
        if (container.isObject()) {
            ((ObjectNode) container).set(last, value);
        } else {
            ArrayNode array = (ArrayNode) container;
            if ("-".equals(last)) {
                array.add(value);
            } else {
                array.insert(requireIndex(op, pointer, last, array.size()), value);
            }
        }
    }

    private static JsonNode remove(JsonNode[] doc, Operation op, List<String> tokens, String pointer)
            throws PatchException {
        if (tokens.isEmpty()) {
            throw opError(op.index(), "cannot remove the whole document");
        }
        JsonNode container = parent(doc[0], op, tokens, pointer);
        String last = tokens.get(tokens.size() - 1);
        if (container.isObject()) {
            JsonNode removed = ((ObjectNode) container).remove(last);
            if (removed == null) {
                throw opError(op.index(), "path " + quote(pointer) + " not found");
            }
            return removed;
        }
        ArrayNode array = (ArrayNode) container;
        return array.remove(requireIndex(op, pointer, last, array.size() - 1));
    }

    private static void replace(JsonNode[] doc, Operation op) throws PatchException {
        if (op.pathTokens().isEmpty()) {
            doc[0] = op.value().deepCopy();
            return;
        }
        JsonNode container = parent(doc[0], op, op.pathTokens(), op.path());
        String last = op.pathTokens().get(op.pathTokens().size() - 1);
        if (container.isObject()) {
            if (!container.has(last)) {
                throw opError(op.index(), "path " + quote(op.path()) + " not found");
            }
            ((ObjectNode) container).set(last, op.value().deepCopy());
        } else {
            ArrayNode array = (ArrayNode) container;
            array.set(requireIndex(op, op.path(), last, array.size() - 1), op.value().deepCopy());
        }
    }

    private static void test(JsonNode root, Operation op) throws PatchException {
        JsonNode actual = get(root, op, op.pathTokens(), op.path(), false);
        if (actual == null) {
            if (op.value().isNull()) {
                return;
            }
            throw new PatchException("operation " + op.index() + ": test failed: path " + quote(op.path())
                    + " not found, expected " + op.value(), true);
        }
        if (!jsonEquals(actual, op.value())) {
            throw new PatchException("operation " + op.index() + ": test failed: value at " + quote(op.path())
                    + " is " + actual + ", expected " + op.value(), true);
        }
    }

    /** Deep equality of decoded JSON values: numbers compare by value, objects regardless of key order. */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !jsonEquals(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    // ------------------------------------------------------------------ strategic merge patch

    /**
     * Kubernetes strategic merge patch for built-in types. Returns a new tree.
     *
     * @throws PatchException when the patch is not an object or carries an invalid directive
     */
    static JsonNode strategicMergePatch(JsonNode target, JsonNode patch) throws PatchException {
        if (patch == null || !patch.isObject()) {
            throw new PatchException("a strategic merge patch must be a JSON object", false);
        }
        ObjectNode base = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : NODES.objectNode();
        ObjectNode result = smpMap(base, (ObjectNode) patch, "");
        return result == null ? NODES.objectNode() : result;
    }

    /**
     * Merges {@code patch} into {@code owned} (owned by the caller). Returns the merged map, or null when the
     * patch deletes the map.
     */
    private static ObjectNode smpMap(ObjectNode owned, ObjectNode patch, String path) throws PatchException {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            String kind = directive.isTextual() ? directive.textValue() : directive.toString();
            switch (kind) {
                case "replace" -> {
                    ObjectNode rest = patch.deepCopy();
                    rest.remove(DIRECTIVE);
                    return smpMap(NODES.objectNode(), rest, path);
                }
                case "delete" -> {
                    return null;
                }
                case "merge" -> {
                }
                default -> throw new PatchException("unknown patch type " + quote(kind) + " at " + display(path), false);
            }
        }

        // directives first: $retainKeys and $deleteFromPrimitiveList work on the original before merging
        JsonNode retain = patch.get(RETAIN_KEYS);
        if (retain != null) {
            applyRetainKeys(owned, patch, retain, path);
        }
        Map<String, ArrayNode> orders = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                String name = key.substring(DELETE_FROM_PRIMITIVE_LIST.length());
                if (!value.isArray()) {
                    throw new PatchException(key + " at " + display(path) + " must be a list", false);
                }
                JsonNode existing = owned.get(name);
                if (existing != null && existing.isArray()) {
                    ArrayNode kept = NODES.arrayNode();
                    for (JsonNode item : existing) {
                        if (!contains((ArrayNode) value, item)) {
                            kept.add(item);
                        }
                    }
                    owned.set(name, kept);
                }
            } else if (key.startsWith(SET_ELEMENT_ORDER)) {
                if (!value.isArray()) {
                    throw new PatchException(key + " at " + display(path) + " must be a list", false);
                }
                orders.put(key.substring(SET_ELEMENT_ORDER.length()), (ArrayNode) value);
            }
        }

        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            if (isDirective(key)) {
                continue;
            }
            String childPath = path + "/" + key;
            if (value.isNull()) {
                owned.remove(key);
            } else if (value.isObject()) {
                JsonNode existing = owned.get(key);
                ObjectNode base = existing != null && existing.isObject() ? (ObjectNode) existing : NODES.objectNode();
                ObjectNode merged = smpMap(base, (ObjectNode) value, childPath);
                if (merged == null) {
                    owned.remove(key);
                } else {
                    owned.set(key, merged);
                }
            } else if (value.isArray()) {
                owned.set(key, smpList(owned.get(key), (ArrayNode) value, key, path));
            } else {
                owned.set(key, value.deepCopy());
            }
        }

        for (Map.Entry<String, ArrayNode> order : orders.entrySet()) {
            JsonNode list = owned.get(order.getKey());
            if (list != null && list.isArray()) {
                owned.set(order.getKey(), reorder((ArrayNode) list, order.getValue(), mergeKey(order.getKey(), path)));
            }
        }
        return owned;
    }

    private static boolean isDirective(String key) {
        return key.equals(DIRECTIVE) || key.equals(RETAIN_KEYS)
                || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER);
    }

    private static void applyRetainKeys(ObjectNode owned, ObjectNode patch, JsonNode retain, String path)
            throws PatchException {
        if (!retain.isArray()) {
            throw new PatchException("$retainKeys at " + display(path) + " must be a list of strings", false);
        }
        Set<String> keep = new HashSet<>();
        for (JsonNode k : retain) {
            if (!k.isTextual()) {
                throw new PatchException("$retainKeys at " + display(path) + " must be a list of strings", false);
            }
            keep.add(k.textValue());
        }
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String key = field.getKey();
            if (!isDirective(key) && !field.getValue().isNull() && !keep.contains(key)) {
                throw new PatchException("key " + quote(key) + " at " + display(path)
                        + " is in the patch but not in $retainKeys", false);
            }
        }
        owned.retain(keep);
    }

    /** The merge key of the list field {@code field} inside the map at {@code mapPath}, or null. */
    private static String mergeKey(String field, String mapPath) {
        if (field.equals("ports") && mapPath.equals("/spec")) {
            return "port"; // Service spec.ports
        }
        return MERGE_KEYS.get(field);
    }

    private static boolean isMergedPrimitiveList(String field, String mapPath) {
        return field.equals("finalizers") && mapPath.equals("/metadata");
    }

    private static ArrayNode smpList(JsonNode existing, ArrayNode patch, String field, String mapPath)
            throws PatchException {
        String key = mergeKey(field, mapPath);
        String listPath = mapPath + "/" + field;
        if (key != null && allObjects(patch) && (existing == null || !existing.isArray() || allObjects(existing))) {
            return mergeKeyedList(existing != null && existing.isArray() ? (ArrayNode) existing : NODES.arrayNode(),
                    patch, key, listPath);
        }
        if (isMergedPrimitiveList(field, mapPath) && noObjects(patch)) {
            ArrayNode result = NODES.arrayNode();
            if (existing != null && existing.isArray()) {
                for (JsonNode item : existing) {
                    if (!contains(result, item)) {
                        result.add(item);
                    }
                }
            }
            for (JsonNode item : patch) {
                if (!contains(result, item)) {
                    result.add(item.deepCopy());
                }
            }
            return result;
        }
        return patch.deepCopy();
    }

    private static ArrayNode mergeKeyedList(ArrayNode owned, ArrayNode patch, String key, String listPath)
            throws PatchException {
        // a {"$patch": "replace"} element replaces the whole list with the other elements
        boolean replace = false;
        for (JsonNode element : patch) {
            JsonNode directive = element.get(DIRECTIVE);
            if (directive != null && directive.isTextual() && directive.textValue().equals("replace")) {
                replace = true;
            }
        }
        List<ObjectNode> result = new ArrayList<>();
        if (!replace) {
            for (JsonNode element : owned) {
                result.add((ObjectNode) element);
            }
        }
        for (JsonNode node : patch) {
            ObjectNode element = (ObjectNode) node;
            JsonNode directive = element.get(DIRECTIVE);
            String kind = directive == null ? "merge" : directive.isTextual() ? directive.textValue() : directive.toString();
            if (kind.equals("replace")) {
                if (element.size() != 1) {
                    throw new PatchException("a {\"$patch\": \"replace\"} element in " + display(listPath)
                            + " must carry no other keys", false);
                }
                continue;
            }
            if (!kind.equals("merge") && !kind.equals("delete")) {
                throw new PatchException("unknown patch type " + quote(kind) + " in " + display(listPath), false);
            }
            JsonNode id = element.get(key);
            if (id == null) {
                throw new PatchException("an element of " + display(listPath) + " does not contain declared merge key: "
                        + key, false);
            }
            if (kind.equals("delete")) {
                result.removeIf(e -> e.get(key) != null && jsonEquals(e.get(key), id));
                continue;
            }
            int found = -1;
            for (int i = 0; i < result.size(); i++) {
                JsonNode other = result.get(i).get(key);
                if (other != null && jsonEquals(other, id)) {
                    found = i;
                    break;
                }
            }
            ObjectNode patchElement = element;
            if (directive != null) {
                patchElement = element.deepCopy();
                patchElement.remove(DIRECTIVE);
            }
            if (found >= 0) {
                result.set(found, smpMap(result.get(found), patchElement, listPath + "/" + found));
            } else {
                result.add(smpMap(NODES.objectNode(), patchElement, listPath + "/" + result.size()));
            }
        }
        ArrayNode out = NODES.arrayNode();
        result.forEach(out::add);
        return out;
    }

    /** Orders {@code list} by {@code order}; elements not named keep their relative order after the named ones. */
    private static ArrayNode reorder(ArrayNode list, ArrayNode order, String key) {
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        boolean[] used = new boolean[items.size()];
        ArrayNode out = NODES.arrayNode();
        for (JsonNode wanted : order) {
            JsonNode wantedId = key != null && wanted.isObject() ? wanted.get(key) : wanted;
            if (wantedId == null) {
                continue;
            }
            for (int i = 0; i < items.size(); i++) {
                if (used[i]) {
                    continue;
                }
                JsonNode item = items.get(i);
                JsonNode id = key != null && item.isObject() ? item.get(key) : item;
                if (id != null && jsonEquals(id, wantedId)) {
                    used[i] = true;
                    out.add(item);
                }
            }
        }
        for (int i = 0; i < items.size(); i++) {
            if (!used[i]) {
                out.add(items.get(i));
            }
        }
        return out;
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isObject()) {
                return false;
            }
        }
        return true;
    }

    private static boolean noObjects(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isObject() || item.isArray()) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(ArrayNode array, JsonNode value) {
        for (JsonNode item : array) {
            if (jsonEquals(item, value)) {
                return true;
            }
        }
        return false;
    }

    private static String display(String path) {
        return path.isEmpty() ? "the top level" : quote(path);
    }

    private static String quote(String s) {
        return NODES.textNode(s).toString();
    }
}
