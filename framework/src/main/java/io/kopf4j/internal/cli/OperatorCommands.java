package io.kopf4j.internal.cli;

import io.kopf4j.Operator;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * What the commands do: {@code run} connects (kubeconfig, in-cluster, or {@code --embedded}), starts the operator,
 * and serves until SIGTERM or SIGINT, then stops gracefully and returns 0 (a second signal exits at once, see
 * {@link StopSignals}). Not API.
 */
public final class OperatorCommands implements Runner {
    /** Created after the log flags are applied (the binding reads its configuration with the first logger). */
    private static Logger log() {
        return LoggerFactory.getLogger(OperatorCommands.class);
    }

    private final Supplier<Operator> operators;
    private final PrintStream out;

    /** @param operators makes the (not yet started) operator for a run */
    public OperatorCommands(Supplier<Operator> operators, PrintStream out) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public int run(RunOptions options) {
        LogSetup.apply(options.logging());
        Logger logger = log();
        if (options.logging().format() == LogFormat.JSON && LoggerFactory.getILoggerFactory().getClass().getName()
                .startsWith("org.slf4j.simple")) {
            logger.warn("--log-format json needs a JSON-capable slf4j binding (e.g. logback with a JSON encoder); "
                    + "slf4j-simple writes the full format.");
        }
        EmbeddedApiServer embedded = null;
        ApiClient client;
        try {
            if (options.embedded()) {
                embedded = EmbeddedApiServer.builder().build().start();
                out.println("Embedded Kubernetes API server: " + embedded.url());
                out.println("Kubeconfig: " + embedded.kubeconfig());
                out.flush();
                client = embedded.client();
            } else {
                client = connect(options.connection());
            }
        } catch (IOException e) {
            logger.error("Cannot connect to the cluster: {}", e.getMessage());
            return Cli.FAILURE;
        }
        if (options.peeringName().isPresent() || options.priority().isPresent() || options.leaderElection()) {
            logger.warn("Peering, priorities and leader election come with a later kopf4j version; this one runs "
                    + "standalone.");
        }
        Operator operator = operators.get().client(client);
        options.liveness().ifPresent(l -> operator.liveness(l.url()));
        if (!options.allNamespaces() && !options.namespaces().isEmpty()) {
            operator.namespaces(options.namespaces().toArray(new String[0]));
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        EmbeddedApiServer server = embedded;
        Runnable shutdown = () -> {
            operator.close();
            if (server != null) {
                server.close();
            }
        };
        // The way out when the JVM stops for another reason (System.exit elsewhere, SIGHUP, a signal that could not
        // be handled): stop gracefully all the same. SIGTERM and SIGINT are handled without a JVM shutdown.
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            shutdown.run();
        }, "kopf4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StopSignals signals = StopSignals.install(stopRequested::countDown)) {
            operator.start();
            if (operator.awaitReady(Duration.ofMinutes(1))) {
                logger.info("The operator is running.");
            }
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            logger.error("The operator failed to start: {}", e.getMessage(), e);
            removeShutdownHook(hook);
            shutdown.run();
            return Cli.FAILURE;
        }
        removeShutdownHook(hook);
        shutdown.run();     // idempotent: the hook may be running it too when the JVM is stopping
        return Cli.OK;
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is stopping: the hook runs.
        }
    }

    /** A client from the given kubeconfig and context, else client-java's defaults (KUBECONFIG, ~/.kube, in-cluster). */
    static ApiClient connect(ConnectionOptions connection) throws IOException {
        if (connection.kubeconfig().isEmpty() && connection.context().isEmpty()) {
            return ClientBuilder.standard().build();
        }
        java.nio.file.Path path = connection.kubeconfig().orElseGet(() -> {
            String env = System.getenv("KUBECONFIG");
            return java.nio.file.Path.of(env != null && !env.isEmpty() ? env.split(java.io.File.pathSeparator)[0]
                    : System.getProperty("user.home") + "/.kube/config");
        });
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            KubeConfig config = KubeConfig.loadKubeConfig(r);
            config.setFile(path.toFile());
            if (connection.context().isPresent() && !config.setContext(connection.context().get())) {
                throw new IOException("the kubeconfig " + path + " has no context named '"
                        + connection.context().get() + "'");
            }
            return ClientBuilder.kubeconfig(config).build();
        }
    }

    @Override
    public int freeze(FreezeOptions options) {
        return peeringNeeded("freeze");
    }

    @Override
    public int resume(ResumeOptions options) {
        return peeringNeeded("resume");
    }

    private int peeringNeeded(String command) {
        log().error("'{}' pauses and unpauses peered operators; peering comes with a later kopf4j version, so there is "
                + "nothing to {} yet.", command, command);
        return Cli.FAILURE;
    }

}
