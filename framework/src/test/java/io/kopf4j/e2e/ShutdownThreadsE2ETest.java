package io.kopf4j.e2e;

import io.kopf4j.Kopf;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Operator;
import io.kopf4j.Stopper;
import io.kopf4j.testing.OperatorRunner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.kopf4j.e2e.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After {@link Operator#close()}, nothing of the operator keeps running: no thread of its own is left (daemon or
 * not), and no non-daemon thread at all, which would keep the JVM of a {@code main} alive after the operator stopped.
 */
class ShutdownThreadsE2ETest {

    static class BusyOperator {
        final Map<String, AtomicInteger> ticks = new ConcurrentHashMap<>();
        final Set<String> daemons = ConcurrentHashMap.newKeySet();

        @On.Create("kopfexamples")
        void created(Meta meta) {
        }

        @On.Timer(value = "kopfexamples", interval = 0.1)
        void tick(Meta meta) {
            ticks.computeIfAbsent(meta.name(), k -> new AtomicInteger()).incrementAndGet();
        }

        @On.Daemon("kopfexamples")
        void watch(Meta meta, Stopper stopper) throws InterruptedException {
            daemons.add(meta.name());
            stopper.await(Duration.ofMinutes(5));
        }
    }

    /**
     * The live threads that were not there before the operator started, other than the embedded server's request
     * threads, the server's client-java pools, and the test's own JDK HttpClient: those outlive the operator.
     */
    private static List<String> operatorThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .filter(t -> !t.getName().startsWith("kopf4j-embedded") && !t.getName().startsWith("OkHttp")
                        && !t.getName().startsWith("Okio") && !t.getName().startsWith("HttpClient-"))
                .map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)"))
                .collect(Collectors.toList());
    }

    private static List<String> newNonDaemonThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && !before.contains(t))
                .map(Thread::getName)
                .collect(Collectors.toList());
    }

    @Test
    void closingTheOperatorEndsEveryThreadItStarted() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        BusyOperator op = new BusyOperator();
        try (TestCluster cluster = new TestCluster()) {
            Set<Thread> serving = Set.copyOf(Thread.getAllStackTraces().keySet());
            OperatorRunner runner = OperatorRunner.start(cluster.server.client(), op);
            for (int i = 0; i < 3; i++) {
                cluster.create(TestCluster.unique("busy"), "{}");
            }
            eventually(() -> assertEquals(3, op.daemons.size(), "every daemon runs"));
            eventually(() -> assertEquals(3, op.ticks.size(), "every timer ticks"));
            assertTrue(!operatorThreads(serving).isEmpty(), "the operator runs threads of its own");

            runner.close();

            eventually(Duration.ofSeconds(20), () -> assertEquals(List.of(), operatorThreads(serving),
                    "threads left running after the operator closed"));
            assertEquals(List.of(), runner.errors());
        }
        eventually(Duration.ofSeconds(20), () -> assertEquals(List.of(), newNonDaemonThreads(before),
                "non-daemon threads left after the operator and the server closed"));
    }

    @Test
    void closingAnOperatorWithALivenessEndpointEndsItsServerThreads() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        try (TestCluster cluster = new TestCluster()) {
            Set<Thread> serving = Set.copyOf(Thread.getAllStackTraces().keySet());
            Operator operator = Kopf.operator(new BusyOperator()).client(cluster.server.client())
                    .liveness("http://127.0.0.1:0/healthz").start();
            assertTrue(operator.awaitReady(Duration.ofSeconds(20)));
            assertTrue(operator.livenessUrl().isPresent());

            operator.close();

            eventually(Duration.ofSeconds(20), () -> assertEquals(List.of(), operatorThreads(serving),
                    "threads left running after the operator closed"));
        }
        eventually(Duration.ofSeconds(20), () -> assertEquals(List.of(), newNonDaemonThreads(before),
                "non-daemon threads left after the operator and the server closed"));
    }
}
