package io.kopf4j;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The object's {@code metadata}. Kopf: {@code meta}. */
public interface Meta extends View {
    /** The name; {@code ""} when absent (e.g. an object to be created with {@code generateName}). */
    String name();

    /** The namespace, or {@code ""} for cluster-scoped objects. */
    String namespace();

    /** The uid; {@code ""} when absent. */
    String uid();

    /** The resourceVersion of the state seen; {@code ""} when absent. */
    String resourceVersion();

    /** {@code metadata.generation}, or 0 when the type has none. */
    long generation();

    /** The labels; empty when there are none. */
    Labels labels();

    /** The annotations; empty when there are none. */
    Annotations annotations();

    /** The finalizers, in order; an unmodifiable list, empty when there are none. */
    List<String> finalizers();

    /** When the object was created, if the server said. */
    Optional<Instant> creationTimestamp();

    /** Set once deletion was requested. */
    Optional<Instant> deletionTimestamp();
}
