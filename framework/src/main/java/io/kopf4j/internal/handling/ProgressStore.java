package io.kopf4j.internal.handling;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.ProgressStorage;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ProgressKeys;
import io.kopf4j.internal.model.ProgressRecord;
import io.kopf4j.internal.registry.RealPatch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where handlers' progress records live on the object, interpreting the {@link ProgressStorage} descriptions of the
 * settings: reads from the body, writes and purges into the cycle's patch (never directly to the API). Kopf:
 * {@code kopf/_cogs/configs/progress.py}.
 */
public interface ProgressStore {

    /**
     * The stored record of a handler, or null when there is none.
     *
     * @throws IllegalArgumentException when a stored record cannot be read (see {@link #fetch(HandlerId, JsonNode,
     *     Consumer)})
     */
    default ProgressRecord fetch(HandlerId id, JsonNode body) {
        return fetch(id, body, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * The stored record of a handler, or null when there is none. A stored record that cannot be read (written by
     * hand, or cut short) counts as absent, and {@code corrupt} is told which handler, which annotation or field, and
     * what is wrong, e.g. {@code "The progress record of handler 'create_fn' in the annotation
     * kopf.zalando.org/create_fn is not valid JSON (at line 1, column 2)"}, never the value itself.
     */
    ProgressRecord fetch(HandlerId id, JsonNode body, Consumer<String> corrupt);

    /** Puts the record into the patch. */
    void store(HandlerId id, ProgressRecord record, JsonNode body, RealPatch patch);

    /** Removes the record: null in the patch when the body has it; dropped from the patch when only the patch has. */
    void purge(HandlerId id, JsonNode body, RealPatch patch);

    /** The annotation prefixes used (their keys are never essential). */
    List<String> annotationPrefixes();

    /** The status fields used (never essential). */
    List<FieldPath> statusFields();

    /** The store a settings' description stands for. */
    static ProgressStore of(ProgressStorage description) {
        Objects.requireNonNull(description, "description");
        if (description instanceof ProgressStorage.Annotations) {
            ProgressStorage.Annotations a = (ProgressStorage.Annotations) description;
            return new Annotations(ProgressKeys.of(a.prefix(), a.v1()), a.verbose());
        }
        if (description instanceof ProgressStorage.Status) {
            return new Status(FieldPath.parse(((ProgressStorage.Status) description).field()), true);
        }
        if (description instanceof ProgressStorage.Smart) {
            ProgressStorage.Smart s = (ProgressStorage.Smart) description;
            return new Multi(List.of(of(s.annotations()), new Status(FieldPath.parse(s.status().field()), false)));
        }
        if (description instanceof ProgressStorage.Multi) {
            List<ProgressStore> stores = new ArrayList<>();
            for (ProgressStorage member : ((ProgressStorage.Multi) description).storages()) {
                stores.add(of(member));
            }
            return new Multi(stores);
        }
        throw new AssertionError(description);
    }

    private static String problem(HandlerId id, String where, IllegalArgumentException e) {
        return "The progress record of handler '" + id.value() + "' in " + where + " is " + e.getMessage();
    }

    /** Records as compact JSON in annotations {@code <prefix>/<id>} (V2 keys, plus V1 keys when on). */
    final class Annotations implements ProgressStore {
        private static final ObjectMapper VERBOSE = new ObjectMapper()
                .configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        private final ProgressKeys keys;
        private final boolean verbose;

        public Annotations(ProgressKeys keys, boolean verbose) {
            this.keys = Objects.requireNonNull(keys, "keys");
            this.verbose = verbose;
        }

        @Override
        public ProgressRecord fetch(HandlerId id, JsonNode body, Consumer<String> corrupt) {
            JsonNode annotations = body.path("metadata").path("annotations");
            for (String key : keys.keys(id, body)) {
                JsonNode value = annotations.path(key);
                if (!value.isTextual()) {
                    continue;
                }
                try {
                    ProgressRecord record = ProgressRecord.fromJson(value.textValue());
                    if (record != null) {
                        return record;
                    }
                } catch (IllegalArgumentException e) {
                    corrupt.accept(problem(id, "the annotation " + key, e));
                }
            }
            return null;
        }

        @Override
        public void store(HandlerId id, ProgressRecord record, JsonNode body, RealPatch patch) {
            String encoded = verbose ? verbose(record) : record.toJson();
            for (String key : keys.keys(id, body)) {
                patch.metadata().annotations().put(key, encoded);
            }
            keys.markerKey().ifPresent(marker -> {
                if (!body.path("metadata").path("annotations").has(marker)) {
                    patch.metadata().annotations().put(marker, ProgressKeys.markerValue());
                }
            });
        }

        @Override
        public void purge(HandlerId id, JsonNode body, RealPatch patch) {
            JsonNode annotations = body.path("metadata").path("annotations");
            for (String key : keys.keys(id, body)) {
                if (annotations.has(key)) {
                    patch.metadata().annotations().put(key, null);
                } else {
                    PatchPaths.removeIfPresent(patch, List.of("metadata", "annotations", key));
                }
            }
        }

        @Override
        public List<String> annotationPrefixes() {
            return List.of(keys.prefix());
        }

        @Override
        public List<FieldPath> statusFields() {
            return List.of();
        }

        private static String verbose(ProgressRecord record) {
            ObjectNode full = StatusRecords.withNulls(record);
            try {
                return VERBOSE.writeValueAsString(full);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Records as nested maps under a status field ({@code status.kopf.progress.<id>}); the legacy read-and-purge-only
     * flavour ({@code writable=false}) is Kopf's {@code NoWriteStatusProgressStorage}.
     */
    final class Status implements ProgressStore {
        private final FieldPath field;
        private final boolean writable;

        public Status(FieldPath field, boolean writable) {
            this.field = Objects.requireNonNull(field, "field");
            this.writable = writable;
        }

        @Override
        public ProgressRecord fetch(HandlerId id, JsonNode body, Consumer<String> corrupt) {
            JsonNode container = field.resolve(body);
            if (!container.isObject()) {
                return null;
            }
            try {
                return ProgressRecord.fromTree(container.get(id.value()));
            } catch (IllegalArgumentException e) {
                corrupt.accept(problem(id, "the field " + field.child(id.value()), e));
                return null;
            }
        }

        @Override
        public void store(HandlerId id, ProgressRecord record, JsonNode body, RealPatch patch) {
            if (writable) {
                PatchPaths.put(patch, field.child(id.value()).keys(), StatusRecords.withNulls(record));
            }
        }

        @Override
        public void purge(HandlerId id, JsonNode body, RealPatch patch) {
            List<String> path = field.child(id.value()).keys();
            JsonNode container = field.resolve(body);
            if (container.isObject() && container.has(id.value())) {
                PatchPaths.put(patch, path, null);
            } else {
                PatchPaths.removeIfPresent(patch, path);
            }
        }

        @Override
        public List<String> annotationPrefixes() {
            return List.of();
        }

        @Override
        public List<FieldPath> statusFields() {
            return List.of(field);
        }
    }

    /** Several stores: the first with a record wins on reading; all are written and purged. */
    final class Multi implements ProgressStore {
        private final List<ProgressStore> stores;

        public Multi(List<ProgressStore> stores) {
            this.stores = List.copyOf(stores);
        }

        @Override
        public ProgressRecord fetch(HandlerId id, JsonNode body, Consumer<String> corrupt) {
            for (ProgressStore store : stores) {
                ProgressRecord record = store.fetch(id, body, corrupt);
                if (record != null) {
                    return record;
                }
            }
            return null;
        }

        @Override
        public void store(HandlerId id, ProgressRecord record, JsonNode body, RealPatch patch) {
            stores.forEach(s -> s.store(id, record, body, patch));
        }

        @Override
        public void purge(HandlerId id, JsonNode body, RealPatch patch) {
            stores.forEach(s -> s.purge(id, body, patch));
        }

        @Override
        public List<String> annotationPrefixes() {
            List<String> all = new ArrayList<>();
            stores.forEach(s -> all.addAll(s.annotationPrefixes()));
            return all;
        }

        @Override
        public List<FieldPath> statusFields() {
            List<FieldPath> all = new ArrayList<>();
            stores.forEach(s -> all.addAll(s.statusFields()));
            return all;
        }
    }

    /** Kopf's {@code for_storage} as a tree with every key, absent ones as JSON null (they delete stale keys). */
    final class StatusRecords {
        private static final List<String> KEYS = List.of("started", "stopped", "delayed", "purpose", "retries",
                "success", "failure", "message", "subrefs");

        private StatusRecords() {
        }

        static ObjectNode withNulls(ProgressRecord record) {
            JsonNode tree = record.toTree();
            ObjectNode full = tree.deepCopy() instanceof ObjectNode ? (ObjectNode) tree.deepCopy() : null;
            ObjectNode ordered = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            for (String key : KEYS) {
                JsonNode v = full == null ? null : full.get(key);
                ordered.set(key, v == null ? NullNode.getInstance() : v);
            }
            return ordered;
        }
    }

    /** Nested-path edits of a {@link RealPatch}. */
    final class PatchPaths {
        private PatchPaths() {
        }

        /** Puts a value at a nested path, creating the sections on the way. */
        static void put(RealPatch patch, List<String> path, Object value) {
            io.kopf4j.Patch.Section section = patch.section(path.get(0));
            for (String key : path.subList(1, path.size() - 1)) {
                section = section.section(key);
            }
            section.put(path.get(path.size() - 1), value);
        }

        /** Removes a nested key from the patch if the patch has it; creates nothing. */
        @SuppressWarnings("unchecked")
        static void removeIfPresent(RealPatch patch, List<String> path) {
            Object node = patch;
            for (String key : path.subList(0, path.size() - 1)) {
                node = node instanceof Map ? ((Map<String, Object>) node).get(key) : null;
                if (node == null) {
                    return;
                }
            }
            if (node instanceof Map) {
                ((Map<String, Object>) node).remove(path.get(path.size() - 1));
            }
        }
    }
}
