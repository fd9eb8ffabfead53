package io.kopf4j.examples;

import io.kopf4j.Kopf;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.examples.embedded.EmbeddedApp;
import io.kubernetes.client.openapi.ApiClient;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The examples jar's entry point.
 * <ul>
 *   <li>{@code demo}: the example operator against an embedded API server, with a walk-through (see {@link Demo});</li>
 *   <li>{@code run EXAMPLE [run options]}: one of the ports of Kopf's examples (see {@link Example}, by name or
 *       number), against the cluster of the kubeconfig (or in-cluster), or with {@code --embedded} against a fresh
 *       embedded API server with the example's CRDs applied;</li>
 *   <li>anything else goes to {@link Kopf#run} with the {@link ExampleOperator}: {@code run [-n NS | -A] [--embedded]
 *       ...} runs it, {@code serve} starts the embedded API server alone for kubectl, {@code freeze}/{@code resume}
 *       pause and resume peered operators, {@code --help}, {@code --version}.</li>
 * </ul>
 */
public final class Main {
    private static final String EMBEDDED = "--embedded";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command line; returns the exit code (0 clean, 1 failure, 2 usage error). */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            return Demo.run(Arrays.copyOfRange(args, 1, args.length), out);
        }
        if (args.length > 1 && args[0].equals("run") && !args[1].startsWith("-")) {
            List<String> options = Arrays.asList(args).subList(2, args.length);
            return Example.find(args[1])
                    .map(example -> runExample(example, options, out, err))
                    .orElseGet(() -> {
                        err.println("No example named '" + args[1] + "'.");
                        usage(err);
                        return 2;
                    });
        }
        int code = Kopf.run(args, new ExampleOperator());
        if (isHelp(args)) {
            usage(out);
        }
        return code;
    }

    /** {@code --help} of the whole command line or of {@code run}: the examples are listed after Kopf's help. */
    private static boolean isHelp(String[] args) {
        List<String> list = Arrays.asList(args);
        boolean help = list.contains("-h") || list.contains("--help");
        return help && (args.length == 1 || args[0].equals("run"));
    }

    static void usage(PrintStream out) {
        out.println();
        out.println("This jar also runs the demo and the ports of Kopf's examples:");
        out.println("  demo                            the example operator on an embedded API server, step by step");
        out.println("  run EXAMPLE [run options]       an example against the cluster of the kubeconfig");
        out.println("  run EXAMPLE --embedded [...]    an example against a fresh embedded API server with its CRDs");
        out.println();
        out.println("Examples (by name or number; see examples/README.md):");
        for (Example e : Example.values()) {
            out.printf("  %s %-12s %s%n", e.number(), e.exampleName(), e.summary());
        }
    }

    private static int runExample(Example example, List<String> options, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(options);
        EarlyLogging.apply(rest);
        boolean embedded = rest.remove(EMBEDDED);
        if (embedded && (Clusters.option(rest, "--kubeconfig").isPresent()
                || Clusters.option(rest, "--context").isPresent())) {
            err.println("--embedded and --kubeconfig/--context exclude each other.");
            return 2;
        }
        EmbeddedApiServer server = null;
        try {
            Supplier<ApiClient> client;
            if (embedded) {
                server = EmbeddedApiServer.builder().build().start();
                Manifests.apply(server.client(), example.manifests().toArray(new String[0]));
                out.println("Embedded Kubernetes API server: " + server.url());
                out.println("Kubeconfig: " + server.kubeconfig());
                out.println("Applied: " + String.join(", ", example.manifests()));
                out.println("Try: kubectl --kubeconfig " + server.kubeconfig() + " apply -f examples/obj.yaml");
                out.flush();
                ApiClient embeddedClient = server.client();
                client = () -> embeddedClient;
                rest.add("--kubeconfig");
                rest.add(server.kubeconfig().toString());
            } else {
                client = Clusters.lazy(rest);
            }
            if (!example.isOperator()) {
                new EmbeddedApp(client.get(), out).run(3, Duration.ofSeconds(1));
                return 0;
            }
            Object operator = example.operator(client);
            List<String> runArgs = new ArrayList<>();
            runArgs.add("run");
            runArgs.addAll(rest);
            return Kopf.run(runArgs.toArray(new String[0]), operator);
        } catch (UncheckedIOException e) {
            err.println("Cannot connect to the cluster: " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("The example " + example.exampleName() + " failed: " + e);
            return 1;
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }
}
