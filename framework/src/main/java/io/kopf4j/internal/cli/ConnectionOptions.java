package io.kopf4j.internal.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the cluster, shared by all commands: {@code --kubeconfig PATH} and {@code --context NAME}. When both
 * are empty, the usual client-java lookup applies ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster).
 *
 * @param kubeconfig the kubeconfig file, if given
 * @param context the kubeconfig context, if given (else the file's current context)
 */
public record ConnectionOptions(Optional<Path> kubeconfig, Optional<String> context) {
    public ConnectionOptions {
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(context, "context");
    }

    /** Nothing given: client-java's default lookup. */
    public static ConnectionOptions defaults() {
        return new ConnectionOptions(Optional.empty(), Optional.empty());
    }
}
