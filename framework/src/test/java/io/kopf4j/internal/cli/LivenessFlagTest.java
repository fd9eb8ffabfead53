package io.kopf4j.internal.cli;

import io.kopf4j.Events;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code run --liveness URL} hands the endpoint to the operator (which serves it once started). */
class LivenessFlagTest {

    /** Records what it is given; its start fails, so that the run ends at once. */
    static final class Recording implements Operator {
        final List<String> liveness = new CopyOnWriteArrayList<>();

        @Override
        public Operator settings(Consumer<OperatorSettings> configure) {
            return this;
        }

        @Override
        public Operator client(ApiClient client) {
            return this;
        }

        @Override
        public Operator namespaces(String... patterns) {
            return this;
        }

        @Override
        public Operator memo(Map<String, Object> memo) {
            return this;
        }

        @Override
        public Operator liveness(String url) {
            liveness.add(url);
            return this;
        }

        @Override
        public Operator start() {
            throw new IllegalStateException("startup failed on purpose");
        }

        @Override
        public boolean awaitReady(Duration timeout) {
            return false;
        }

        @Override
        public List<Throwable> errors() {
            return List.of();
        }

        @Override
        public Events events() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    private static int run(Recording operator, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            return new Cli(Map.of()).execute(args, new OperatorCommands(() -> operator, out), out, out);
        }
    }

    @Test
    void theLivenessUrlGoesToTheOperator() {
        Recording operator = new Recording();
        assertEquals(Cli.FAILURE, run(operator, "--embedded", "-A", "-L", "http://127.0.0.1:8089/healthz"));
        assertEquals(List.of("http://127.0.0.1:8089/healthz"), operator.liveness);
    }

    @Test
    void withoutTheFlagThereIsNoEndpoint() {
        Recording operator = new Recording();
        assertEquals(Cli.FAILURE, run(operator, "--embedded", "-A"));
        assertEquals(List.of(), operator.liveness);
    }
}
