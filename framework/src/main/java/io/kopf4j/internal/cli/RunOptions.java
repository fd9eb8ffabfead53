package io.kopf4j.internal.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated options of {@code kopf4j run}. Exactly one of {@code namespaces} and {@code allNamespaces} is set:
 * when neither {@code -n} nor {@code -A} is given, the command line warns and sets {@code allNamespaces} (Kopf).
 * Kopf: {@code kopf.cli.run} and the arguments of {@code kopf._core.reactor.running.run}.
 *
 * @param namespaces the {@code -n} patterns in order, each a glob, {@code !glob} or comma list of them, kept as given
 *     (a comma list is one left-to-right pattern, see {@code internal.util.NamespacePatterns})
 * @param allNamespaces {@code -A}: cluster-wide
 * @param standalone {@code --standalone}: no peering at all
 * @param peeringName {@code -P}: the peering object's name; Kopf makes peering mandatory when it is given
 * @param priority {@code -p}, or 666 for {@code --dev}; empty means the settings' priority (0 by default)
 * @param liveness {@code -L}: where to serve the liveness probe, if at all
 * @param leaderElection {@code --leader-election}: hold a {@code coordination.k8s.io} Lease (beyond Kopf)
 * @param embedded {@code --embedded}: start an in-process API server and connect to it
 * @param logging the logging options
 * @param connection how to reach the cluster (empty with {@code --embedded})
 */
public record RunOptions(List<String> namespaces, boolean allNamespaces, boolean standalone,
                         Optional<String> peeringName, OptionalInt priority, Optional<LivenessEndpoint> liveness,
                         boolean leaderElection, boolean embedded, LogOptions logging,
                         ConnectionOptions connection) {
    /** The priority of {@code --dev}, as Kopf. */
    public static final int DEV_PRIORITY = 666;

    public RunOptions {
        namespaces = List.copyOf(namespaces);
        Objects.requireNonNull(peeringName, "peeringName");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(liveness, "liveness");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(connection, "connection");
        if (allNamespaces == !namespaces.isEmpty()) {
            throw new IllegalArgumentException("either namespaces or allNamespaces, exactly one: " + namespaces);
        }
    }
}
