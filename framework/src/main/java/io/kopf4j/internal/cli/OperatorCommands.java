package io.kopf4j.internal.cli;

import io.kopf4j.Operator;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.internal.lifecycle.RealOperator;
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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the commands do: {@code run} connects (kubeconfig, in-cluster, or {@code --embedded}), starts the operator,
 * and serves until SIGTERM or SIGINT, then stops gracefully and returns 0 (a second signal exits at once, see
 * {@link StopSignals}). When the operator stops by itself for a fatal error (a {@code LoginError}: no credentials
 * work any more), it returns 1. Not API.
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
        Optional<String> logWarning = LogSetup.apply(options.logging());
        Logger logger = log();
        logWarning.ifPresent(logger::warn);
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
        Operator operator = operators.get().client(client);
        options.liveness().ifPresent(l -> operator.liveness(l.url()));
        operator.settings(s -> {
            // Kopf's cli.run: --priority/--dev, -P (which makes peering mandatory), --standalone; ours: the Lease.
            options.priority().ifPresent(p -> s.peering().priority(p));
            options.peeringName().ifPresent(n -> s.peering().name(n).mandatory(true));
            if (options.standalone()) {
                s.peering().standalone(true);
            }
            if (options.leaderElection()) {
                s.leaderElection().enabled(true);
            }
        });
        if (!options.allNamespaces() && !options.namespaces().isEmpty()) {
            operator.namespaces(options.namespaces().toArray(new String[0]));
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        if (operator instanceof RealOperator real) {
            // A LoginError while running stops the operator by itself: stop waiting, and exit with 1.
            real.onFatal(e -> {
                fatal.set(e);
                stopRequested.countDown();
            });
            if (!options.embedded()) {
                // Without login handlers, a re-login (after a 401) loads the kubeconfig again, as Kopf's does.
                AtomicReference<ApiClient> first = new AtomicReference<>(client);
                real.defaultLogin(() -> {
                    ApiClient c = first.getAndSet(null);
                    return c != null ? c : connect(options.connection());
                });
            }
        }
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
        return fatal.get() == null ? Cli.OK : Cli.FAILURE;
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

    /** Kopf's {@code freeze}: announces a peer of the given priority for the given lifetime. */
    @Override
    public int freeze(FreezeOptions options) {
        options.message().ifPresent(m -> log().info("Freezing with the message: {}", m));
        return touch("freeze", options.connection(), options.peeringName(), options.allNamespaces(),
                options.namespaces(), options.id(), options.priority(), Math.max(1, options.lifetime().toSeconds()));
    }

    /** Kopf's {@code resume}: withdraws the freeze of that identity (a touch with lifetime 0 removes the record). */
    @Override
    public int resume(ResumeOptions options) {
        return touch("resume", options.connection(), options.peeringName(), options.allNamespaces(),
                options.namespaces(), options.id(), 0, 0);
    }

    private int touch(String command, ConnectionOptions connection, String peering, boolean clusterwide,
                      java.util.List<String> namespaces, java.util.Optional<String> id, int priority, long lifetime) {
        String identity = id.orElseGet(() -> io.kopf4j.internal.lifecycle.Peering.detectOwnId(true));
        try {
            io.kopf4j.internal.cluster.ClusterApi api = new io.kopf4j.internal.cluster.ClusterApi(connect(connection),
                    io.kopf4j.internal.cluster.ClusterApi.Config.defaults());
            java.util.List<String> missing = io.kopf4j.internal.lifecycle.Peering.touchCommand(api, peering,
                    clusterwide, namespaces, identity, priority, lifetime);
            if (!missing.isEmpty()) {
                log().error("{}: the peering '{}' does not exist {}.", command, peering, String.join(", ", missing));
                return Cli.FAILURE;
            }
            log().info("{}: done as '{}' in the peering '{}'.", command, identity, peering);
            return Cli.OK;
        } catch (IOException | RuntimeException e) {
            log().error("{} failed: {}", command, e.getMessage());
            return Cli.FAILURE;
        }
    }

}
