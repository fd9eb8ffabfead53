package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.ErrorMode;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.PermanentError;
import io.kopf4j.Retry;
import io.kopf4j.TemporaryError;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TemporaryError, PermanentError, retries limits and error modes, end to end. */
class ErrorsAndRetriesE2ETest {

    static class FlakyOperator {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> permanent = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> limited = new ConcurrentHashMap<>();

        @On.Create(value = "kopfexamples", labels = "case=temporary")
        String flaky(Retry retry) {
            attempts.add(retry.attempt());
            if (retry.attempt() < 2) {
                throw new TemporaryError("not yet", Duration.ofMillis(200));
            }
            return "done after " + retry.attempt() + " retries";
        }

        @On.Create(value = "kopfexamples", labels = "case=permanent")
        void broken(Meta meta) {
            permanent.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
            throw new PermanentError("cannot ever work");
        }

        @On.Create(value = "kopfexamples", labels = "case=limited", retries = 2, backoff = 0)
        void limitedRetries(Meta meta) {
            limited.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
            throw new IllegalStateException("always failing");
        }

        @On.Create(value = "kopfexamples", labels = "case=assertion", backoff = 0)
        String asserting(Retry retry) {
            if (retry.attempt() == 0) {
                throw new AssertionError("expected 1 but was 0");     // e.g. a JUnit assertion inside a handler
            }
            return "passed on retry " + retry.attempt();
        }

        @On.Create(value = "kopfexamples", labels = "case=ignored", errors = ErrorMode.IGNORED)
        void ignored() {
            throw new IllegalStateException("ignored failure");
        }
    }

    private static JsonNode progress(JsonNode obj, String id) {
        String text = obj.path("metadata").path("annotations").path("kopf.zalando.org/" + id).asText("");
        return text.isEmpty() ? null : TestCluster.json(text);
    }

    @Test
    void temporaryErrorRetriesAfterItsDelayUntilSuccess() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("temp");
            cluster.create("default", name, "{}", "{\"case\":\"temporary\"}");
            eventually(() -> assertEquals("done after 2 retries", cluster.get(name).path("status").path("flaky")
                    .asText()));
            assertEquals(List.of(0, 1, 2), op.attempts);
        }
    }

    @Test
    void aFailedAssertionInAHandlerIsRetriedLikeAnException() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("assertion");
            cluster.create("default", name, "{}", "{\"case\":\"assertion\"}");
            eventually(() -> assertEquals("passed on retry 1", cluster.get(name).path("status").path("asserting")
                    .asText()));
            assertEquals(List.of(), runner.errors(), "the worker survived: nothing failed outside the handler");
        }
    }

    @Test
    void permanentErrorStopsRetryingAndRecordsTheFailure() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("perm");
            cluster.create("default", name, "{}", "{\"case\":\"permanent\"}");
            cluster.awaitHandled(name);
            cluster.mergePatch(name, "{\"status\":{\"poke\":1}}");
            assertEquals(1, op.permanent.get(name).get(), "never retried");
        }
    }

    @Test
    void retriesLimitEndsInAFailureAfterTheLastAttempt() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("limited");
            cluster.create("default", name, "{}", "{\"case\":\"limited\"}");
            cluster.awaitHandled(name);
            // Kopf's retries=N allows N attempts in all: the check "retries so far >= N" comes before each attempt.
            assertEquals(2, op.limited.get(name).get(), "two attempts, then HandlerRetriesError");
        }
    }

    @Test
    void ignoredErrorsCountAsDone() {
        FlakyOperator op = new FlakyOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String name = TestCluster.unique("ignored");
            cluster.create("default", name, "{}", "{\"case\":\"ignored\"}");
            cluster.awaitHandled(name);
            assertEquals(null, progress(cluster.get(name), "ignored"), "progress purged after the cause");
        }
    }
}
