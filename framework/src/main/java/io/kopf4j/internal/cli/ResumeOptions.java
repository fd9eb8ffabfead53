package io.kopf4j.internal.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated options of {@code kopf4j resume}: withdraw a freeze (Kopf touches the peering with lifetime 0).
 * Kopf: {@code kopf.cli.resume}. Scope as in {@link RunOptions}: exactly one of {@code namespaces} and
 * {@code allNamespaces}.
 *
 * @param peeringName {@code -P}: the peering to resume (required)
 * @param id {@code -i/--id}: the identity that froze it; empty means Kopf's detected own id (manual mode)
 * @param namespaces the {@code -n} patterns
 * @param allNamespaces {@code -A}
 * @param logging the logging options
 * @param connection how to reach the cluster
 */
public record ResumeOptions(String peeringName, Optional<String> id, List<String> namespaces, boolean allNamespaces,
                            LogOptions logging, ConnectionOptions connection) {
    public ResumeOptions {
        Objects.requireNonNull(peeringName, "peeringName");
        Objects.requireNonNull(id, "id");
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(connection, "connection");
        if (allNamespaces == !namespaces.isEmpty()) {
            throw new IllegalArgumentException("either namespaces or allNamespaces, exactly one: " + namespaces);
        }
    }
}
