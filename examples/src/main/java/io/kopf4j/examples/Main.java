package io.kopf4j.examples;

import io.kopf4j.embedded.Serve;

import java.util.Arrays;

/**
 * The examples jar's entry point.
 * <ul>
 *   <li>{@code demo}: starts the embedded API server and walks through what it serves (see {@link Demo});</li>
 *   <li>{@code serve [--port P] [--kubeconfig-out FILE]}: the embedded API server alone, for kubectl.</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "help" : args[0];
        switch (command) {
            case "serve":
                System.exit(Serve.run(args, System.out, System.err));
                break;
            case "demo":
                System.exit(Demo.run(Arrays.copyOfRange(args, 1, args.length), System.out));
                break;
            default:
                System.out.println("Usage: java -jar kopf4j-examples.jar <command>");
                System.out.println("  demo                                   run the demo against an embedded API server");
                System.out.println("  serve [--port P] [--kubeconfig-out F]  run the embedded API server for kubectl");
                System.exit(command.equals("help") || command.equals("--help") ? 0 : 2);
        }
    }
}
