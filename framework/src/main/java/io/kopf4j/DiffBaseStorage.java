package io.kopf4j;

import java.util.List;
import java.util.Objects;

/**
 * A description of where the last handled essence of each object (its diff base) is kept, to detect and diff changes.
 *
 * <p>Kopf: {@code kopf.DiffBaseStorage} and its subclasses, configured as
 * {@code settings.persistence.diffbase_storage}. These records only describe a storage; the framework interprets
 * them. The default is {@link #annotations()}: {@code kopf.zalando.org/last-handled-configuration}.
 */
public sealed interface DiffBaseStorage
        permits DiffBaseStorage.Annotations, DiffBaseStorage.Status, DiffBaseStorage.Multi {

    /** Kopf's default annotation prefix: {@code kopf.zalando.org}. */
    String DEFAULT_PREFIX = "kopf.zalando.org";
    /** Kopf's default annotation name: {@code last-handled-configuration}. */
    String DEFAULT_KEY = "last-handled-configuration";
    /** Kopf's default status field: {@code status.kopf.last-handled-configuration}. */
    String DEFAULT_FIELD = "status.kopf.last-handled-configuration";

    /**
     * The essence in the annotation {@code kopf.zalando.org/last-handled-configuration}, as compact JSON.
     * Kopf: {@code AnnotationsDiffBaseStorage()}, the default.
     *
     * @return the description with Kopf's defaults
     */
    static Annotations annotations() {
        return annotations(DEFAULT_PREFIX, DEFAULT_KEY);
    }

    /**
     * The essence in the annotation {@code kopf.zalando.org/<key>}. Kopf: {@code AnnotationsDiffBaseStorage(key=...)}.
     *
     * @param key the annotation name after the prefix
     * @return the description
     */
    static Annotations annotations(String key) {
        return annotations(DEFAULT_PREFIX, key);
    }

    /**
     * The essence in the annotation {@code <prefix>/<key>}.
     * Kopf: {@code AnnotationsDiffBaseStorage(prefix=..., key=...)}.
     *
     * @param prefix the annotation prefix; not empty
     * @param key the annotation name after the prefix
     * @return the description
     */
    static Annotations annotations(String prefix, String key) {
        return new Annotations(prefix, key, List.of(), true);
    }

    /**
     * The essence in the status field {@code status.kopf.last-handled-configuration}.
     * Kopf: {@code StatusDiffBaseStorage()}.
     *
     * @return the description with Kopf's defaults
     */
    static Status status() {
        return status(DEFAULT_FIELD);
    }

    /**
     * The essence in the given status field. Kopf: {@code StatusDiffBaseStorage(field=...)}.
     *
     * @param field a dotted path such as {@code status.my-op.last-handled-configuration}
     * @return the description
     */
    static Status status(String field) {
        return new Status(field, List.of());
    }

    /**
     * Several storages at once: all are written, the first one that has an essence wins on reading.
     * Kopf: {@code MultiDiffBaseStorage([...])}.
     *
     * @param storages the storages, in the order of precedence; at least one
     * @return the description
     */
    static Multi multi(DiffBaseStorage... storages) {
        return new Multi(List.of(storages));
    }

    /**
     * The dotted paths removed from the essence before it is stored and compared (Kopf: {@code ignored_fields}).
     *
     * @return an immutable list, empty by default
     */
    List<String> ignoredFields();

    /**
     * The essence in an annotation. Kopf: {@code AnnotationsDiffBaseStorage}.
     *
     * @param prefix the annotation prefix (Kopf: {@code prefix}, default {@code kopf.zalando.org})
     * @param key the annotation name (Kopf: {@code key}, default {@code last-handled-configuration})
     * @param ignoredFields dotted paths left out of the essence (Kopf: {@code ignored_fields}, default none)
     * @param v1 whether the legacy V1 key is also written (Kopf: {@code v1}, default true)
     */
    record Annotations(String prefix, String key, List<String> ignoredFields, boolean v1) implements DiffBaseStorage {
        /**
         * Validates and copies the components.
         *
         * @param prefix the annotation prefix; not empty (Kopf: "Annotations storages must be prefixed.")
         * @param key the annotation name; not empty
         * @param ignoredFields dotted paths left out of the essence
         * @param v1 whether the V1 key is written too
         */
        public Annotations {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(key, "key");
            ignoredFields = List.copyOf(ignoredFields);
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("Annotations storages must be prefixed.");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("Annotations storages need a key.");
            }
        }

        /**
         * A copy that leaves these fields out of the essence.
         *
         * @param fields dotted paths such as {@code spec.replicas}
         * @return the copy
         */
        public Annotations ignoring(String... fields) {
            return new Annotations(prefix, key, List.of(fields), v1);
        }

        /**
         * A copy with another {@code v1} flag.
         *
         * @param v1 whether the V1 key is written too
         * @return the copy
         */
        public Annotations withV1(boolean v1) {
            return new Annotations(prefix, key, ignoredFields, v1);
        }
    }

    /**
     * The essence in a status field. Kopf: {@code StatusDiffBaseStorage}.
     *
     * @param field the dotted path (Kopf: {@code field}, default {@code status.kopf.last-handled-configuration})
     * @param ignoredFields dotted paths left out of the essence (Kopf: {@code ignored_fields}, default none)
     */
    record Status(String field, List<String> ignoredFields) implements DiffBaseStorage {
        /**
         * Validates and copies the components.
         *
         * @param field the dotted path; not empty
         * @param ignoredFields dotted paths left out of the essence
         */
        public Status {
            Objects.requireNonNull(field, "field");
            ignoredFields = List.copyOf(ignoredFields);
            if (field.isEmpty()) {
                throw new IllegalArgumentException("Status storages need a field.");
            }
        }

        /**
         * A copy that leaves these fields out of the essence.
         *
         * @param fields dotted paths such as {@code spec.replicas}
         * @return the copy
         */
        public Status ignoring(String... fields) {
            return new Status(field, List.of(fields));
        }
    }

    /**
     * Several storages. Kopf: {@code MultiDiffBaseStorage}. Its own ignored fields are none; each member's apply.
     *
     * @param storages the storages in the order of precedence for reading; immutable, at least one
     */
    record Multi(List<DiffBaseStorage> storages) implements DiffBaseStorage {
        /**
         * Validates and copies the components.
         *
         * @param storages the storages in the order of precedence; at least one, no nulls
         */
        public Multi {
            storages = List.copyOf(storages);
            if (storages.isEmpty()) {
                throw new IllegalArgumentException("A multi-storage needs at least one storage.");
            }
        }

        /**
         * No fields of its own; the members' ignored fields apply to each member.
         *
         * @return an empty list
         */
        @Override
        public List<String> ignoredFields() {
            return List.of();
        }
    }
}
