package io.kopf4j.e2e;

import io.kopf4j.EventLevel;
import io.kopf4j.Kopf;
import io.kopf4j.Memo;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Patch;
import io.kopf4j.PermanentError;
import io.kopf4j.Retry;
import io.kopf4j.TemporaryError;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Startup and cleanup handlers: before any watch, may change the settings, all must succeed; cleanup at close. */
class ActivitiesE2ETest {

    static class Configured {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final AtomicReference<OperatorSettings> settings = new AtomicReference<>();

        @On.Startup
        void configure(OperatorSettings settings, Memo memo, Logger logger) {
            logger.info("configuring");
            settings.posting().level(EventLevel.WARNING);
            this.settings.set(settings);
            memo.put("greeting", "hello");
            calls.add("startup");
        }

        @On.Startup(backoff = 0)
        void flaky(Retry retry) {
            calls.add("flaky#" + retry.attempt());
            if (retry.attempt() == 0) {
                throw new TemporaryError("not yet", Duration.ofMillis(50));
            }
        }

        @On.Create("kopfexamples")
        void created(Meta meta, Memo memo, Patch patch) {
            calls.add("created " + meta.name());
            patch.status().put("greeting", memo.get("greeting"));
        }

        @On.Cleanup
        void cleanup(Memo memo) {
            calls.add("cleanup " + memo.get("greeting"));
        }
    }

    @Test
    void startupRunsFirstChangesTheSettingsAndCleanupRunsAtClose() {
        Configured op = new Configured();
        try (TestCluster cluster = new TestCluster()) {
            cluster.create("before", "{}");
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                eventually(() -> assertEquals("hello", cluster.get("before").path("status").path("greeting")
                        .asText()));
                assertEquals(List.of("startup", "flaky#0", "flaky#1", "created before"), op.calls.subList(0, 4));
                OperatorSettings settings = op.settings.get();
                assertEquals(EventLevel.WARNING, settings.posting().level());
                assertTrue(settings.frozen());
                assertThrows(IllegalStateException.class, () -> settings.posting().level(EventLevel.INFO));
                assertEquals(List.of(), runner.errors());
            }
            assertEquals("cleanup hello", op.calls.get(op.calls.size() - 1));
        }
    }

    static class Failing {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @On.Startup
        void broken() {
            throw new PermanentError("no configuration found");
        }

        @On.Startup(errors = io.kopf4j.ErrorMode.TEMPORARY, retries = 1, backoff = 0)
        void exhausted() {
            calls.add("exhausted");
            throw new IllegalStateException("still broken");
        }

        @On.Event("kopfexamples")
        void event(Meta meta) {
            calls.add("event " + meta.name());
        }

        @On.Cleanup
        void cleanup() {
            calls.add("cleanup");
        }
    }

    @Test
    void aFailingStartupFailsTheStartWithTheReason() throws Exception {
        Failing op = new Failing();
        try (TestCluster cluster = new TestCluster()) {
            cluster.create("ignored", "{}");
            Operator operator = Kopf.operator(op).client(cluster.server.client());
            RuntimeException e = assertThrows(RuntimeException.class, operator::start);
            assertTrue(e.getMessage().contains("broken: no configuration found"), e.getMessage());
            assertTrue(e.getMessage().contains("exhausted"), e.getMessage());
            assertEquals(List.of("exhausted", "exhausted"), op.calls);
            assertTrue(!operator.awaitReady(Duration.ofMillis(200)));
            operator.close();
            Thread.sleep(200);
            assertEquals(List.of("exhausted", "exhausted"), op.calls);   // no watch, no cleanup
        }
    }

    @Test
    void kopfRunExitsWithOneWhenTheStartupFails() {
        assertEquals(1, Kopf.run(new String[]{"--embedded"}, new Failing()));
    }

    static class Unsupported {
        @On.Startup
        void startup(Meta meta) {
        }
    }

    @Test
    void activitiesWithResourceParametersAreRejected() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> Kopf.operator(new Unsupported()).client(io.kubernetes.client.util.ClientBuilder
                        .standard(false).setBasePath("http://127.0.0.1:1").build()).start());
        assertTrue(e.getMessage().contains("Unsupported parameter type"), e.getMessage());
    }
}
