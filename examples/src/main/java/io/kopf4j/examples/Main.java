package io.kopf4j.examples;

import io.kopf4j.Kopf;

import java.util.Arrays;

/**
 * The examples jar's entry point.
 * <ul>
 *   <li>{@code demo}: the example operator against an embedded API server, with a walk-through (see {@link Demo});</li>
 *   <li>anything else goes to {@link Kopf#run}: {@code run [-n NS | -A] [--embedded] ...} runs the example operator
 *       against a cluster (kubeconfig or in-cluster) or an embedded server, {@code serve} starts the embedded API
 *       server alone for kubectl, {@code --help}, {@code --version}.</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("demo")) {
            System.exit(Demo.run(Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        System.exit(Kopf.run(args, new ExampleOperator()));
    }
}
