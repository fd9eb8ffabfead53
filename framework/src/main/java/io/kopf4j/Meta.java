package io.kopf4j;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The object's {@code metadata}. Kopf: {@code meta}. */
public interface Meta extends View {
    String name();

    /** The namespace, or {@code ""} for cluster-scoped objects. */
    String namespace();

    String uid();

    String resourceVersion();

    /** {@code metadata.generation}, or 0 when the type has none. */
    long generation();

    Labels labels();

    Annotations annotations();

    List<String> finalizers();

    Optional<Instant> creationTimestamp();

    /** Set once deletion was requested. */
    Optional<Instant> deletionTimestamp();
}
