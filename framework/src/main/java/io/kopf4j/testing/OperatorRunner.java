package io.kopf4j.testing;

import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kubernetes.client.openapi.ApiClient;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs operators in the background for a test, against a given client (usually an embedded API server's), and stops
 * them cleanly. Kopf's {@code KopfRunner}.
 *
 * <pre>{@code
 * try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start();
 *      OperatorRunner runner = OperatorRunner.start(server.client(), new MyOperator())) {
 *     // create objects, then check their status, annotations, finalizers, Events on the server
 *     assertEquals(List.of(), runner.errors());
 * }
 * }</pre>
 */
public final class OperatorRunner implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final Operator operator;

    private OperatorRunner(Operator operator) {
        this.operator = operator;
    }

    /** Starts the operators cluster-wide and waits until every watch has listed its objects. */
    public static OperatorRunner start(ApiClient client, Object... operators) {
        return builder(operators).client(client).start();
    }

    /** Options for running the operators: client, namespaces, settings, ready timeout; then {@link Builder#start()}. */
    public static Builder builder(Object... operators) {
        return new Builder(operators);
    }

    /** Options of a runner. */
    public static final class Builder {
        private final Object[] operators;
        private ApiClient client;
        private String[] namespaces = new String[0];
        private Consumer<OperatorSettings> settings = s -> { };
        private Duration readyTimeout = READY_TIMEOUT;

        private Builder(Object[] operators) {
            this.operators = operators.clone();
        }

        /** The client of the cluster to run against, e.g. {@code server.client()}; required. */
        public Builder client(ApiClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Namespace patterns to serve; none: cluster-wide. */
        public Builder namespaces(String... patterns) {
            this.namespaces = patterns.clone();
            return this;
        }

        /** Changes the operator's settings before it starts, e.g. {@code s -> s.posting().enabled(false)}. */
        public Builder settings(Consumer<OperatorSettings> configure) {
            this.settings = Objects.requireNonNull(configure, "configure");
            return this;
        }

        /** How long {@link #start()} waits for the operator to be ready before it fails; default 30 s. */
        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Starts the operators and waits until they are ready (throws if they are not within the timeout). */
        public OperatorRunner start() {
            if (client == null) {
                throw new IllegalStateException("an OperatorRunner needs a client: builder(...).client(server.client())");
            }
            Operator operator = Kopf.operator(operators).client(client).namespaces(namespaces).settings(settings);
            operator.start();
            try {
                if (!operator.awaitReady(readyTimeout)) {
                    operator.close();
                    throw new IllegalStateException("the operator was not ready within " + readyTimeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                operator.close();
                throw new IllegalStateException("interrupted while the operator started", e);
            }
            return new OperatorRunner(operator);
        }
    }

    /** The running operator. */
    public Operator operator() {
        return operator;
    }

    /** Unexpected failures of the operator itself so far; a passing test expects none. */
    public List<Throwable> errors() {
        return operator.errors();
    }

    /** Stops the operators gracefully. */
    @Override
    public void close() {
        operator.close();
    }
}
