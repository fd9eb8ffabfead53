package io.kopf4j.embedded;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone entry point: {@code serve [--port P] [--host H] [--kubeconfig-out FILE] [--https] [--token T]}.
 * Prints the URL and the kubeconfig path on one line each, serves until SIGINT or SIGTERM, then exits 0.
 */
public final class Serve {
    private Serve() {
    }

    /**
     * Serves until the JVM is asked to stop, then exits 0; exits 2 after naming the bad argument (0 for {@code --help}).
     *
     * @param args the command line, as in the class description
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the server until the JVM is asked to stop; returns an exit code only for bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        EmbeddedApiServer.Builder b = EmbeddedApiServer.builder();
        Path kubeconfigOut = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            try {
                switch (a) {
                    case "serve":
                        break;
                    case "--port":
                        b.port(Integer.parseInt(args[++i]));
                        break;
                    case "--host":
                        b.host(args[++i]);
                        break;
                    case "--kubeconfig-out":
                        kubeconfigOut = Path.of(args[++i]);
                        break;
                    case "--https":
                        b.https(true);
                        break;
                    case "--token":
                        b.token(args[++i]);
                        break;
                    case "-h":
                    case "--help":
                        out.println("Usage: serve [--port P] [--host H] [--kubeconfig-out FILE] [--https] [--token T]");
                        out.println("Starts the embedded Kubernetes API server and serves until interrupted.");
                        return 0;
                    default:
                        err.println("serve: unknown option " + a + " (try --help)");
                        return 2;
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                err.println("serve: option " + a + " needs a value");
                return 2;
            } catch (NumberFormatException e) {
                err.println("serve: option " + a + " needs a number, not " + args[i]);
                return 2;
            }
        }
        EmbeddedApiServer server = b.build().start();
        Path kubeconfig;
        try {
            if (kubeconfigOut != null) {
                server.writeKubeconfig(kubeconfigOut);
                kubeconfig = kubeconfigOut.toAbsolutePath();
            } else {
                kubeconfig = server.kubeconfig();
            }
        } catch (IOException e) {
            err.println("serve: cannot write the kubeconfig: " + e.getMessage());
            server.close();
            return 1;
        }
        out.println("Embedded Kubernetes API server: " + server.url());
        out.println("Kubeconfig: " + kubeconfig);
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
            out.println("Embedded Kubernetes API server stopped.");
            out.flush();
            // A signal is the normal way to stop this command: report success, not 130/143.
            Runtime.getRuntime().halt(0);
        }, "kopf4j-serve-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
