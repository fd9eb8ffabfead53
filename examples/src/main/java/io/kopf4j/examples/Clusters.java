package io.kopf4j.examples;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The cluster of the examples that talk to it themselves (to create child pods, say): the one {@code Kopf.run}
 * connects to with the same options, {@code --kubeconfig} and {@code --context} (or {@code KOPF_RUN_KUBECONFIG},
 * {@code KOPF_RUN_CONTEXT}), else client-java's defaults ({@code KUBECONFIG}, {@code ~/.kube/config}, in-cluster).
 */
final class Clusters {
    private Clusters() {
    }

    /** The value of {@code --name VALUE} or {@code --name=VALUE}, else of the variable {@code KOPF_RUN_NAME}. */
    static Optional<String> option(List<String> args, String name) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals(name) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (a.startsWith(name + "=")) {
                return Optional.of(a.substring(name.length() + 1));
            }
        }
        String env = System.getenv("KOPF_RUN_" + name.substring(2).toUpperCase(Locale.ROOT).replace('-', '_'));
        return env == null || env.isEmpty() ? Optional.empty() : Optional.of(env);
    }

    /** A client made on first use (an {@link UncheckedIOException} when it cannot be). */
    static Supplier<ApiClient> lazy(List<String> args) {
        return new Supplier<>() {
            private ApiClient client;

            @Override
            public synchronized ApiClient get() {
                if (client == null) {
                    try {
                        client = connect(option(args, "--kubeconfig").orElse(null),
                                option(args, "--context").orElse(null));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return client;
            }
        };
    }

    /** A client for the kubeconfig file and context (either may be null: the defaults). */
    static ApiClient connect(String kubeconfig, String context) throws IOException {
        if (kubeconfig == null && context == null) {
            return ClientBuilder.standard().build();
        }
        Path path;
        if (kubeconfig != null) {
            path = Path.of(kubeconfig);
        } else {
            String env = System.getenv("KUBECONFIG");
            path = Path.of(env != null && !env.isEmpty() ? env.split(File.pathSeparator)[0]
                    : System.getProperty("user.home") + "/.kube/config");
        }
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(r);
            config.setFile(path.toFile());
            if (context != null && !config.setContext(context)) {
                throw new IOException("the kubeconfig " + path + " has no context named '" + context + "'");
            }
            return ClientBuilder.kubeconfig(config).build();
        }
    }
}
