package io.kopf4j.e2e;

import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Spec;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Cut watches and an expired history in the middle of the work lose no handler run and duplicate none. */
class WatchResilienceE2ETest {

    static class CountingOperator {
        final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> updates = new ConcurrentHashMap<>();

        @On.Create("kopfexamples")
        void created(Meta meta) {
            creates.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }

        @On.Update(value = "kopfexamples", field = "spec.step")
        void stepped(Meta meta, Spec spec) {
            updates.computeIfAbsent(meta.name() + "@" + spec.get("step"), k -> new AtomicInteger())
                    .incrementAndGet();
        }
    }

    @Test
    void cutWatchesAndExpiredHistoryLoseAndDuplicateNoHandlerRun() {
        CountingOperator op = new CountingOperator();
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op)) {
            int objects = 20;
            for (int i = 0; i < objects; i++) {
                cluster.create("obj-" + i, "{\"step\":0}");
                if (i % 5 == 4) {
                    cluster.server.faults().cutWatches();
                }
            }
            for (int i = 0; i < objects; i++) {
                String name = "obj-" + i;
                eventually(() -> assertEquals(1, op.creates.getOrDefault(name, new AtomicInteger()).get(), name));
            }
            cluster.server.faults().compactHistory();
            cluster.server.faults().cutWatches();
            for (int i = 0; i < objects; i++) {
                cluster.mergePatch("obj-" + i, "{\"spec\":{\"step\":1}}");
            }
            cluster.server.faults().cutWatches();
            for (int i = 0; i < objects; i++) {
                String key = "obj-" + i + "@1";
                eventually(Duration.ofSeconds(20), () -> assertEquals(1,
                        op.updates.getOrDefault(key, new AtomicInteger()).get(), key));
            }
            for (int i = 0; i < objects; i++) {
                assertEquals(1, op.creates.get("obj-" + i).get(), "no duplicated create after the cuts");
            }
        }
    }
}
