package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies from the API server that are not JSON: the operator warns, naming the request and where the JSON broke (not
 * the body, which may hold a Secret's data), and recovers by retrying.
 */
class MalformedResponsesE2ETest {
    static final String LIST_PATH = "/apis/kopf\\.dev/v1/kopfexamples";

    static class CreatingOperator {
        final List<String> created = new CopyOnWriteArrayList<>();

        @On.Create("kopfexamples")
        void created(Meta meta) {
            created.add(meta.name());
        }
    }

    @Test
    void malformedListBodyIsWarnedAboutAndTheWatchRecovers() {
        CreatingOperator op = new CreatingOperator();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog()) {
            String name = TestCluster.unique("after-garbage");
            cluster.create(name, "{}");
            cluster.server.faults().respond("GET", LIST_PATH, 200, "application/json",
                    "{\"kind\":\"KopfExampleList\",\"items\":[{\"data\":\"c2VjcmV0", 3);
            try (OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
                eventually(() -> assertEquals(List.of(name), op.created));
                List<String> warnings = log.warnings().stream().filter(l -> l.contains("not valid JSON")).toList();
                assertFalse(warnings.isEmpty(), "a warning about the malformed body: " + log.warnings());
                String warning = warnings.get(0);
                assertTrue(warning.contains("GET /apis/kopf.dev/v1/kopfexamples"), warning);
                assertTrue(warning.contains("at line 1, column"), warning);
                assertFalse(warning.contains("c2VjcmV0"), "the body is not logged: " + warning);
                assertEquals(List.of(), runner.errors());
            }
        }
    }

    @Test
    void malformedWatchEventIsWarnedAboutAndTheWatchResumes() {
        CreatingOperator op = new CreatingOperator();
        try (TestCluster cluster = new TestCluster(); CapturedLog log = new CapturedLog();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            String first = TestCluster.unique("before-garbage");
            cluster.create(first, "{}");
            eventually(() -> assertEquals(List.of(first), op.created));
            cluster.server.faults().respond("GET", LIST_PATH, 200, "application/json",
                    "{\"type\":\"ADDED\",\"object\":{\"data\":\"c2VjcmV0\n", 1);
            eventually(() -> assertTrue(cluster.server.faults().cutWatches() > 0, "a watch was open to cut"));

            String second = TestCluster.unique("after-garbage");
            cluster.create(second, "{}");

            eventually(() -> assertEquals(List.of(first, second), op.created));
            eventually(() -> assertFalse(log.warnings().stream().noneMatch(l -> l.contains("malformed watch event")),
                    "a warning about the malformed event: " + log.warnings()));
            String warning = log.warnings().stream().filter(l -> l.contains("malformed watch event")).findFirst()
                    .orElseThrow();
            assertTrue(warning.contains("kopfexamples"), warning);
            assertFalse(warning.contains("c2VjcmV0"), "the event is not logged: " + warning);
            assertEquals(List.of(), runner.errors());
        }
    }
}
