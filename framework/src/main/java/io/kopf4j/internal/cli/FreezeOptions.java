package io.kopf4j.internal.cli;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The validated options of {@code kopf4j freeze}: pause the operators of one peering by announcing a peer of higher
 * priority for a while. Kopf: {@code kopf.cli.freeze}. Scope as in {@link RunOptions}: exactly one of
 * {@code namespaces} and {@code allNamespaces}.
 *
 * @param peeringName {@code -P}: the peering to freeze (required)
 * @param id {@code -i/--id}: the identity to announce; empty means Kopf's detected own id (manual mode)
 * @param message {@code -m/--message}: shown to the frozen operators, if given
 * @param lifetime {@code -t/--lifetime} (seconds): how long the freeze lasts (required, positive)
 * @param priority {@code -p/--priority}, 100 by default, or 666 with {@code --dev}
 * @param namespaces the {@code -n} patterns
 * @param allNamespaces {@code -A}
 * @param logging the logging options
 * @param connection how to reach the cluster
 */
public record FreezeOptions(String peeringName, Optional<String> id, Optional<String> message, Duration lifetime,
                            int priority, List<String> namespaces, boolean allNamespaces, LogOptions logging,
                            ConnectionOptions connection) {
    /** The default priority of a freeze, as Kopf. */
    public static final int DEFAULT_PRIORITY = 100;

    public FreezeOptions {
        Objects.requireNonNull(peeringName, "peeringName");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(lifetime, "lifetime");
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(connection, "connection");
        if (allNamespaces == !namespaces.isEmpty()) {
            throw new IllegalArgumentException("either namespaces or allNamespaces, exactly one: " + namespaces);
        }
    }
}
