package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An object's essence: the part whose changes count. A change outside it (status, resourceVersion, managedFields,
 * Kopf's own bookkeeping) is not an update.
 *
 * <p>{@link #build} does what Kopf does, in Kopf's order: copy the body; drop {@code apiVersion}, {@code kind},
 * {@code metadata} and {@code status}; put back {@code metadata.labels} and {@code metadata.annotations}; drop the
 * annotations under any prefix owned by a Kopf operator (this one or others: {@code kopf.zalando.org},
 * {@code *.kopf.zalando.org}, or any prefix with a {@code <prefix>/kopf-managed} marker) and
 * {@code kubectl.kubernetes.io/last-applied-configuration}; put back the extra fields (the handlers' {@code field}s,
 * so a {@code status.*} field counts when a handler names it); drop empty or null {@code annotations}, {@code labels},
 * {@code metadata} and {@code status}; drop the ignored fields (and parents they leave empty); drop the diff base's
 * own keys or field; then {@link #clear} the progress storages' keys and fields. Key order follows the body's, with
 * {@code metadata} (labels, then annotations) after the other kept fields, as Kopf's dict operations leave it.
 *
 * <p>Where Kopf would crash on corrupted data (a non-map where a map is expected), this skips the field instead.
 *
 * <p>Kopf: {@code kopf/_cogs/configs/diffbase.py} ({@code DiffBaseStorage.build}),
 * {@code kopf/_cogs/configs/progress.py} ({@code clear}), {@code kopf/_cogs/configs/conventions.py}
 * ({@code StorageKeyMarkingConvention}, {@code StorageStanzaCleaner}), {@code kopf/_core/reactor/processing.py}.
 */
public final class Essence {

    /** The annotation kubectl writes on {@code apply}; never essential. */
    public static final String KUBECTL_LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Kopf's legacy status field of progress records, still read and purged (Kopf's smart storage). */
    public static final FieldPath LEGACY_PROGRESS_FIELD = FieldPath.parse("status.kopf.progress");

    private static final String KNOWN_PREFIX = "kopf.zalando.org";
    private static final FieldPath LABELS = FieldPath.of("metadata", "labels");
    private static final FieldPath ANNOTATIONS = FieldPath.of("metadata", "annotations");
    private static final Essence DEFAULTS = new Essence(DiffBaseCodec.defaults(),
            List.of(ProgressKeys.DEFAULT_PREFIX), List.of(LEGACY_PROGRESS_FIELD), List.of());

    private final DiffBaseCodec diffBase;
    private final List<String> progressPrefixes;
    private final List<FieldPath> progressFields;
    private final List<FieldPath> ignoredFields;

    private Essence(DiffBaseCodec diffBase, List<String> progressPrefixes, List<FieldPath> progressFields,
                    List<FieldPath> ignoredFields) {
        this.diffBase = diffBase;
        this.progressPrefixes = progressPrefixes;
        this.progressFields = progressFields;
        this.ignoredFields = ignoredFields;
    }

    /**
     * Kopf 1.44's defaults: the diff base in annotations under {@code kopf.zalando.org}, progress in annotations
     * under {@code kopf.zalando.org} and (legacy, read-only) in {@code status.kopf.progress}, nothing ignored.
     */
    public static Essence defaults() {
        return DEFAULTS;
    }

    /** The same, with the diff base kept as {@code codec} says (its keys or field are not essential). */
    public Essence withDiffBase(DiffBaseCodec codec) {
        return new Essence(Objects.requireNonNull(codec, "codec"), progressPrefixes, progressFields, ignoredFields);
    }

    /**
     * The same, with progress kept under these annotation prefixes and in these status fields (Kopf's annotations,
     * status, or smart storage); their keys and fields are not essential.
     */
    public Essence withProgress(Collection<String> annotationPrefixes, Collection<FieldPath> statusFields) {
        return new Essence(diffBase, List.copyOf(annotationPrefixes), List.copyOf(statusFields), ignoredFields);
    }

    /** The same, also dropping these fields (the diff-base storage's {@code ignored_fields}). */
    public Essence withIgnoredFields(Collection<FieldPath> fields) {
        return new Essence(diffBase, progressPrefixes, progressFields, List.copyOf(fields));
    }

    public DiffBaseCodec diffBase() {
        return diffBase;
    }

    /** The essence of {@code body}. */
    public ObjectNode build(JsonNode body) {
        return build(body, List.of());
    }

    /**
     * The essence of {@code body}, also keeping {@code extraFields} (the {@code field}s of all handlers of the
     * resource), which may lie in {@code status} or {@code metadata}.
     */
    public ObjectNode build(JsonNode body, Collection<FieldPath> extraFields) {
        ObjectNode source = body != null && body.isObject() ? (ObjectNode) body : JsonNodeFactory.instance.objectNode();
        ObjectNode essence = source.deepCopy();
        essence.remove(List.of("apiVersion", "kind", "metadata", "status"));

        cherrypick(source, essence, List.of(LABELS, ANNOTATIONS));
        JsonNode annotations = ANNOTATIONS.resolve(essence);
        if (annotations.isObject()) {
            Set<String> ignoredPrefixes = markedPrefixes(annotations);
            List<String> doomed = new ArrayList<>();
            annotations.fieldNames().forEachRemaining(key -> {
                boolean owned = ignoredPrefixes.stream().anyMatch(prefix -> key.startsWith(prefix + "/"));
                if (owned || key.equals(KUBECTL_LAST_APPLIED)) {
                    doomed.add(key);
                }
            });
            ((ObjectNode) annotations).remove(doomed);
        }

        cherrypick(source, essence, extraFields);
        removeEmptyStanzas(essence);
        for (FieldPath ignored : ignoredFields) {
            removeQuietly(essence, ignored);
        }

        if (diffBase.inAnnotations()) {
            removeAnnotations(essence, diffBase.keys(source)::contains);
            removeEmptyStanzas(essence);
        } else {
            removeQuietly(essence, diffBase.field());
        }
        return clear(essence);
    }

    /**
     * An essence without the progress storages' annotations and fields. Kopf applies this to the stored diff base
     * too, before comparing it with the new essence, so records that slipped into an old diff base do not show as
     * changes. Returns a new tree; null for null.
     */
    public ObjectNode clear(JsonNode essence) {
        if (essence == null || !essence.isObject()) {
            return null;
        }
        ObjectNode cleared = ((ObjectNode) essence).deepCopy();
        for (String prefix : progressPrefixes) {
            removeAnnotations(cleared, key -> key.startsWith(prefix + "/"));
            removeEmptyStanzas(cleared);
        }
        for (FieldPath field : progressFields) {
            removeQuietly(cleared, field);
            removeEmptyStanzas(cleared);
        }
        return cleared;
    }

    /**
     * The annotation prefixes used by Kopf operators: Kopf's own domain and its subdomains, and any prefix that
     * carries the {@code kopf-managed} marker.
     */
    static Set<String> markedPrefixes(JsonNode annotations) {
        Set<String> prefixes = new HashSet<>();
        annotations.fieldNames().forEachRemaining(key -> {
            int slash = key.indexOf('/');
            if (slash < 0) {
                return;
            }
            String prefix = key.substring(0, slash);
            String name = key.substring(slash + 1);
            if (name.equals(ProgressKeys.MARKER_NAME) || prefix.equals(KNOWN_PREFIX)
                    || prefix.endsWith("." + KNOWN_PREFIX)) {
                prefixes.add(prefix);
            }
        });
        return prefixes;
    }

    private static void removeAnnotations(ObjectNode essence, java.util.function.Predicate<String> doomed) {
        JsonNode annotations = ANNOTATIONS.resolve(essence);
        if (annotations.isObject()) {
            List<String> keys = new ArrayList<>();
            annotations.fieldNames().forEachRemaining(key -> {
                if (doomed.test(key)) {
                    keys.add(key);
                }
            });
            ((ObjectNode) annotations).remove(keys);
        }
    }

    /** Copies each field that exists in {@code source} into {@code target}, creating missing parents. */
    private static void cherrypick(JsonNode source, ObjectNode target, Collection<FieldPath> fields) {
        for (FieldPath field : fields) {
            if (field.isRoot()) {
                continue;
            }
            JsonNode value = field.resolve(source);
            if (value.isMissingNode()) {
                continue;  // absent in the source (or under a non-map): nothing to copy
            }
            ObjectNode parent = target;
            List<String> keys = field.keys();
            for (String key : keys.subList(0, keys.size() - 1)) {
                JsonNode next = parent.get(key);
                if (next == null) {
                    next = parent.putObject(key);
                }
                if (!next.isObject()) {
                    parent = null;  // Kopf would crash; skip the field
                    break;
                }
                parent = (ObjectNode) next;
            }
            if (parent != null) {
                parent.set(keys.get(keys.size() - 1), value.deepCopy());
            }
        }
    }

    /** Kopf's {@code remove_empty_stanzas}: falsy annotations, labels, metadata and status go away. */
    private static void removeEmptyStanzas(ObjectNode essence) {
        JsonNode metadata = essence.get("metadata");
        if (metadata instanceof ObjectNode) {
            ObjectNode meta = (ObjectNode) metadata;
            if (meta.has("annotations") && falsy(meta.get("annotations"))) {
                meta.remove("annotations");
            }
            if (meta.has("labels") && falsy(meta.get("labels"))) {
                meta.remove("labels");
            }
        }
        if (essence.has("metadata") && falsy(essence.get("metadata"))) {
            essence.remove("metadata");
        }
        if (essence.has("status") && falsy(essence.get("status"))) {
            essence.remove("status");
        }
    }

    /** Python's truthiness of a JSON value, negated. */
    private static boolean falsy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        if (node.isContainerNode() || node.isTextual()) {
            return node.isContainerNode() ? node.isEmpty() : node.textValue().isEmpty();
        }
        if (node.isBoolean()) {
            return !node.booleanValue();
        }
        if (node.isNumber()) {
            return node.decimalValue().signum() == 0;
        }
        return false;
    }

    /**
     * Kopf's {@code dicts.remove}: drops the field and the parents it leaves empty; an absent field is fine; a non-map
     * on the way (Kopf's {@code TypeError}) leaves everything as it is.
     */
    private static void removeQuietly(ObjectNode essence, FieldPath field) {
        if (field.isRoot()) {
            return;
        }
        try {
            remove(essence, field.keys());
        } catch (NotAMap ignored) {
            // the field cannot exist under a non-map: nothing to remove
        }
    }

    private static void remove(JsonNode node, List<String> path) throws NotAMap {
        if (!node.isObject()) {
            throw new NotAMap();
        }
        ObjectNode object = (ObjectNode) node;
        String head = path.get(0);
        if (path.size() == 1) {
            object.remove(head);
            return;
        }
        JsonNode child = object.get(head);
        if (child == null) {
            return;
        }
        remove(child, path.subList(1, path.size()));
        if (child.isObject() && child.isEmpty()) {
            object.remove(head);
        }
    }

    private static final class NotAMap extends Exception {
        NotAMap() {
            super(null, null, false, false);
        }
    }
}
