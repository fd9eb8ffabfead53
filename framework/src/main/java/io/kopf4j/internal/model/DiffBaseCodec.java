package io.kopf4j.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where and how the diff base (the essence last handled) is kept on the object, and its encoding.
 *
 * <p>In annotations (Kopf's default): under {@code kopf.zalando.org/last-handled-configuration} (the V2 key, plus the
 * V1 key when it differs and V1 is on; a Deployment's ReplicaSet gets {@code -ofDRS}), as compact JSON with keys in
 * the essence's order (not sorted), non-ASCII escaped, and <b>a trailing newline</b> (as kubectl's own
 * last-applied-configuration). Beside it, a prefix not starting with {@code kopf.} gets the marker
 * {@code <prefix>/kopf-managed: yes}.
 *
 * <p>In status: at {@code status.kopf.last-handled-configuration}, as one string of the same compact JSON <b>without</b>
 * the newline (a string, not a nested map, to avoid merges).
 *
 * <p>Reading takes the first key with a non-null value; the JSON {@code null} counts as absent.
 *
 * <p>Kopf: {@code kopf/_cogs/configs/diffbase.py} ({@code AnnotationsDiffBaseStorage}, {@code StatusDiffBaseStorage}).
 */
public final class DiffBaseCodec {

    /** The default annotation name of the diff base. */
    public static final String DEFAULT_NAME = "last-handled-configuration";
    /** The default field of the status-based diff base. */
    public static final FieldPath DEFAULT_STATUS_FIELD = FieldPath.parse("status.kopf.last-handled-configuration");

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DiffBaseCodec DEFAULTS = new DiffBaseCodec(ProgressKeys.defaults(), DEFAULT_NAME, null);

    private final ProgressKeys keys;   // annotations storage, or null
    private final String name;
    private final FieldPath field;     // status storage, or null

    private DiffBaseCodec(ProgressKeys keys, String name, FieldPath field) {
        this.keys = keys;
        this.name = name;
        this.field = field;
    }

    /** Kopf 1.44's default: annotations under {@code kopf.zalando.org}, V1 keys on. */
    public static DiffBaseCodec defaults() {
        return DEFAULTS;
    }

    public static DiffBaseCodec annotations(ProgressKeys keys, String name) {
        return new DiffBaseCodec(Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(name, "name"), null);
    }

    public static DiffBaseCodec status(FieldPath field) {
        if (field.isRoot()) {
            throw new IllegalArgumentException("The diff base cannot be the whole object.");
        }
        return new DiffBaseCodec(null, null, field);
    }

    public boolean inAnnotations() {
        return keys != null;
    }

    /** The annotation keys on {@code body}, read in this order and all written; empty for the status storage. */
    public List<String> keys(JsonNode body) {
        return keys == null ? List.of() : keys.keys(name, body);
    }

    /** The status field; null for the annotations storage. */
    public FieldPath field() {
        return field;
    }

    /** The stored text of an essence: compact JSON, with a trailing newline in annotations. */
    public String encode(JsonNode essence) {
        String json = CompactJson.write(essence);
        return keys != null ? json + "\n" : json;
    }

    /**
     * The essence of a stored text; null for a null text or the JSON {@code null}.
     *
     * @throws IllegalArgumentException when the text is not JSON, or not a JSON object; the message says where it
     *     broke but never quotes the text (on a Secret, the essence holds its data)
     */
    public static JsonNode decode(String text) {
        if (text == null) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")", e);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object but " + node.getNodeType().name().toLowerCase());
        }
        return node;
    }

    /**
     * The stored essence of {@code body}, or null when there is none yet (the object was never handled).
     *
     * @throws IllegalArgumentException when a stored value cannot be read (see {@link #fetch(JsonNode, Consumer)})
     */
    public JsonNode fetch(JsonNode body) {
        return fetch(body, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * The stored essence of {@code body}, or null when there is none yet. A stored value that is not a JSON object
     * (written by hand, or cut short) counts as absent, and {@code corrupt} is told which annotation or field holds it
     * and what is wrong with it, e.g. {@code "The diff base in the annotation
     * kopf.zalando.org/last-handled-configuration is not valid JSON (at line 1, column 9)"}, never the value itself.
     */
    public JsonNode fetch(JsonNode body, Consumer<String> corrupt) {
        if (keys != null) {
            JsonNode annotations = body.path("metadata").path("annotations");
            for (String key : keys.keys(name, body)) {
                JsonNode value = annotations.path(key);
                JsonNode decoded = value.isTextual() ? decode(value.textValue(), "the annotation " + key, corrupt)
                        : null;
                if (decoded != null) {
                    return decoded;
                }
            }
            return null;
        }
        JsonNode value = field.resolve(body);
        return value.isTextual() ? decode(value.textValue(), "the field " + field, corrupt) : null;
    }

    private static JsonNode decode(String text, String where, Consumer<String> corrupt) {
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            corrupt.accept("The diff base in " + where + " is " + e.getMessage());
            return null;
        }
    }

    /**
     * The annotations to patch for storing {@code essence} on {@code body}: every key with the encoded essence, plus
     * the marker when the prefix needs one and the body lacks it. Empty for the status storage.
     */
    public Map<String, String> annotationsToStore(JsonNode body, JsonNode essence) {
        Map<String, String> patch = new LinkedHashMap<>();
        if (keys == null) {
            return patch;
        }
        String encoded = encode(essence);
        for (String key : keys.keys(name, body)) {
            patch.put(key, encoded);
        }
        keys.markerKey().ifPresent(marker -> {
            if (!body.path("metadata").path("annotations").has(marker)) {
                patch.put(marker, ProgressKeys.markerValue());
            }
        });
        return patch;
    }

    @Override
    public String toString() {
        return keys != null ? "DiffBaseCodec[annotations " + keys.prefix() + "/" + name + "]"
                : "DiffBaseCodec[status " + field + "]";
    }
}
