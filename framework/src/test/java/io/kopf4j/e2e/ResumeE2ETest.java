package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator restarts: resume handlers, and no finished handler runs twice (ours or Kopf's). */
class ResumeE2ETest {

    static class ResumingOperator {
        final List<String> created = new CopyOnWriteArrayList<>();
        final List<String> second = new CopyOnWriteArrayList<>();
        final List<String> resumed = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void first(Meta meta) {
            created.add(meta.name());
        }

        @On.Create("kopfexamples")
        void second(Meta meta) {
            second.add(meta.name());
        }

        @On.Resume("kopfexamples")
        void resume(Meta meta) {
            resumed.add(meta.name());
        }
    }

    @Test
    void resumeHandlersRunAfterARestartAndCreateHandlersDoNot() {
        try (TestCluster cluster = new TestCluster()) {
            String name = TestCluster.unique("survivor");
            ResumingOperator before = new ResumingOperator();
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), before)) {
                cluster.create(name, "{}");
                cluster.awaitHandled(name);
            }
            assertEquals(List.of(name), before.created);
            ResumingOperator after = new ResumingOperator();
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), after)) {
                eventually(() -> assertEquals(List.of(name), after.resumed));
                assertEquals(List.of(), after.created);
                assertEquals(List.of(), after.second);
            }
        }
    }

    @Test
    void objectHalfHandledByKopfIsResumedWithoutRerunningFinishedHandlers() {
        try (TestCluster cluster = new TestCluster()) {
            String name = TestCluster.unique("from-kopf");
            // As Kopf 1.44 leaves an object after "first" succeeded and before "second" ran: its finalizer, and
            // the progress of both handlers in its annotation format. No diff base yet: the cause is CREATE.
            cluster.send("POST", TestCluster.path("default", null), TestCluster.json("{\"apiVersion\":\"kopf.dev/v1\","
                    + "\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"" + name + "\","
                    + "\"finalizers\":[\"kopf.zalando.org/KopfFinalizerMarker\"],\"annotations\":{"
                    + "\"kopf.zalando.org/first\":\"{\\\"started\\\":\\\"2026-01-01T00:00:00.000000+00:00\\\","
                    + "\\\"stopped\\\":\\\"2026-01-01T00:00:01.000000+00:00\\\",\\\"purpose\\\":\\\"create\\\","
                    + "\\\"retries\\\":1,\\\"success\\\":true,\\\"failure\\\":false}\","
                    + "\"kopf.zalando.org/second\":\"{\\\"started\\\":\\\"2026-01-01T00:00:00.000000+00:00\\\","
                    + "\\\"purpose\\\":\\\"create\\\",\\\"retries\\\":0,\\\"success\\\":false,"
                    + "\\\"failure\\\":false}\"}},\"spec\":{}}"), 201);
            ResumingOperator op = new ResumingOperator();
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                eventually(() -> assertEquals(List.of(name), op.second));
                cluster.awaitHandled(name);
                assertEquals(List.of(), op.created, "the handler Kopf finished is not run again");
                assertEquals(List.of(), runner.errors());
            }
        }
    }
}
