package io.kopf4j;

import java.util.List;
import java.util.Objects;

/**
 * A description of where the per-handler progress (started, stopped, delayed, retries, success, failure, message,
 * subrefs) is kept on each object between handling cycles, so that a restarted operator continues where it stopped.
 *
 * <p>Kopf: {@code kopf.ProgressStorage} and its subclasses, configured as
 * {@code settings.persistence.progress_storage}. These records only describe a storage; the framework interprets
 * them. The default is {@link #smart()}.
 */
public sealed interface ProgressStorage
        permits ProgressStorage.Annotations, ProgressStorage.Status, ProgressStorage.Smart, ProgressStorage.Multi {

    /** Kopf's default annotation prefix: {@code kopf.zalando.org}. */
    String DEFAULT_PREFIX = "kopf.zalando.org";
    /** Kopf's default annotation name for touching an object (to provoke a new watch event): {@code touch-dummy}. */
    String DEFAULT_TOUCH_KEY = "touch-dummy";
    /** Kopf's default status field of the progress: {@code status.kopf.progress}. */
    String DEFAULT_FIELD = "status.kopf.progress";
    /** Kopf's default status field for touching an object: {@code status.kopf.dummy}. */
    String DEFAULT_TOUCH_FIELD = "status.kopf.dummy";

    /**
     * Progress in annotations {@code kopf.zalando.org/<handler-id>}, one JSON record each.
     * Kopf: {@code AnnotationsProgressStorage()}.
     *
     * @return the description with Kopf's defaults
     */
    static Annotations annotations() {
        return annotations(DEFAULT_PREFIX);
    }

    /**
     * Progress in annotations {@code <prefix>/<handler-id>}. Kopf: {@code AnnotationsProgressStorage(prefix=...)}.
     *
     * @param prefix the annotation prefix, e.g. {@code my-operator.example.com}; not empty
     * @return the description, otherwise with Kopf's defaults
     */
    static Annotations annotations(String prefix) {
        return new Annotations(prefix, DEFAULT_TOUCH_KEY, true, false);
    }

    /**
     * Progress in the status field {@code status.kopf.progress}, keyed by handler id.
     * Kopf: {@code StatusProgressStorage()}.
     *
     * @return the description with Kopf's defaults
     */
    static Status status() {
        return status(DEFAULT_FIELD);
    }

    /**
     * Progress in the given status field, keyed by handler id. Kopf: {@code StatusProgressStorage(field=...)}.
     *
     * @param field a dotted path such as {@code status.my-op.progress}
     * @return the description
     */
    static Status status(String field) {
        return new Status(field, DEFAULT_TOUCH_FIELD);
    }

    /**
     * Kopf's default: written to annotations, and also read (then purged, never written) from the legacy status
     * field. Kopf: {@code SmartProgressStorage()}.
     *
     * @return the description with Kopf's defaults
     */
    static Smart smart() {
        return smart(DEFAULT_PREFIX, DEFAULT_FIELD);
    }

    /**
     * The smart storage with a custom prefix and legacy status field.
     * Kopf: {@code SmartProgressStorage(prefix=..., field=...)}.
     *
     * @param prefix the annotation prefix written to
     * @param field the legacy status field read and purged
     * @return the description
     */
    static Smart smart(String prefix, String field) {
        return new Smart(annotations(prefix), status(field));
    }

    /**
     * Several storages at once: all are written, the first one that has a record wins on reading.
     * Kopf: {@code MultiProgressStorage([...])}.
     *
     * @param storages the storages, in the order of precedence; at least one
     * @return the description
     */
    static Multi multi(ProgressStorage... storages) {
        return new Multi(List.of(storages));
    }

    /**
     * Progress in annotations. Kopf: {@code AnnotationsProgressStorage}.
     *
     * @param prefix the annotation prefix (Kopf: {@code prefix}, default {@code kopf.zalando.org})
     * @param touchKey the annotation name for touching (Kopf: {@code touch_key}, default {@code touch-dummy})
     * @param v1 whether the legacy V1 keys (63 characters including the prefix) are also written, for rollbacks
     *     to older Kopf versions (Kopf: {@code v1}, default true)
     * @param verbose whether empty fields are written too (Kopf: {@code verbose}, default false)
     */
    record Annotations(String prefix, String touchKey, boolean v1, boolean verbose) implements ProgressStorage {
        /**
         * Validates the components.
         *
         * @param prefix the annotation prefix; not empty (Kopf: "Annotations storages must be prefixed.")
         * @param touchKey the annotation name for touching
         * @param v1 whether V1 keys are written too
         * @param verbose whether empty fields are written too
         */
        public Annotations {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(touchKey, "touchKey");
            if (prefix.isEmpty()) {
                throw new IllegalArgumentException("Annotations storages must be prefixed.");
            }
        }

        /**
         * A copy with another {@code v1} flag.
         *
         * @param v1 whether V1 keys are written too
         * @return the copy
         */
        public Annotations withV1(boolean v1) {
            return new Annotations(prefix, touchKey, v1, verbose);
        }

        /**
         * A copy with another {@code verbose} flag.
         *
         * @param verbose whether empty fields are written too
         * @return the copy
         */
        public Annotations withVerbose(boolean verbose) {
            return new Annotations(prefix, touchKey, v1, verbose);
        }
    }

    /**
     * Progress in a status field. Kopf: {@code StatusProgressStorage}.
     *
     * @param field the dotted path of the progress map (Kopf: {@code field}, default {@code status.kopf.progress})
     * @param touchField the dotted path for touching (Kopf: {@code touch_field}, default {@code status.kopf.dummy})
     */
    record Status(String field, String touchField) implements ProgressStorage {
        /**
         * Validates the components.
         *
         * @param field the dotted path of the progress map; not empty
         * @param touchField the dotted path for touching; not empty
         */
        public Status {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(touchField, "touchField");
            if (field.isEmpty() || touchField.isEmpty()) {
                throw new IllegalArgumentException("Status storages need a field.");
            }
        }
    }

    /**
     * Annotations written and read, the legacy status field read and purged only. Kopf: {@code SmartProgressStorage}.
     *
     * @param annotations where the progress is written
     * @param status the legacy place that is read and purged, never written (Kopf: {@code NoWriteStatusProgressStorage})
     */
    record Smart(Annotations annotations, Status status) implements ProgressStorage {
        /**
         * Validates the components.
         *
         * @param annotations where the progress is written
         * @param status the legacy place read and purged
         */
        public Smart {
            Objects.requireNonNull(annotations, "annotations");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Several storages. Kopf: {@code MultiProgressStorage}.
     *
     * @param storages the storages in the order of precedence for reading; immutable, at least one
     */
    record Multi(List<ProgressStorage> storages) implements ProgressStorage {
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
    }
}
