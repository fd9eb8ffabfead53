package io.kopf4j.bench;

import io.kopf4j.On;
import io.kopf4j.Stopper;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.testing.OperatorRunner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many platform threads 10,000 idle daemons cost: starts an operator with one {@code @On.Daemon} against the
 * embedded API server, creates the objects, waits until every daemon runs, and prints the platform thread count
 * ({@link ThreadMXBean#getThreadCount()}, which does not count virtual threads) before and after. Not a test and not
 * in the default build: run it with the test classpath, e.g. on JDK 21+ to see virtual threads at work.
 * {@code -Dbench.daemons=N} changes the number of objects.
 */
public final class DaemonsBench {
    private static final int DAEMONS = Integer.getInteger("bench.daemons", 10_000);

    /** The operator: one idle daemon per object. */
    public static final class IdleOperator {
        final AtomicInteger running = new AtomicInteger();

        @On.Daemon(value = "kopfexamples", cancellationBackoff = 1, cancellationTimeout = 5)
        void idle(Stopper stopper) throws InterruptedException {
            running.incrementAndGet();
            try {
                while (!stopper.await(Duration.ofMinutes(10))) {
                    Thread.onSpinWait();
                }
            } finally {
                running.decrementAndGet();
            }
        }
    }

    private DaemonsBench() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            String base = server.url();
            send(http, base + "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", """
                    {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                     "metadata":{"name":"kopfexamples.kopf.dev"},
                     "spec":{"group":"kopf.dev","scope":"Namespaced",
                      "names":{"plural":"kopfexamples","singular":"kopfexample","kind":"KopfExample"},
                      "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
                       "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}""");
            IdleOperator op = new IdleOperator();
            try (OperatorRunner runner = OperatorRunner.start(server.client(), op)) {
                System.out.printf("JDK %s; platform threads with the operator running, no objects: %d%n",
                        Runtime.version(), threads.getThreadCount());
                long t0 = System.nanoTime();
                for (int i = 0; i < DAEMONS; i++) {
                    send(http, base + "/apis/kopf.dev/v1/namespaces/default/kopfexamples",
                            "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"idle-"
                                    + i + "\"},\"spec\":{}}");
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
                while (op.running.get() < DAEMONS && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                System.out.printf("%d daemons running after %.1f s; platform threads now: %d (peak %d)%n",
                        op.running.get(), (System.nanoTime() - t0) / 1e9, threads.getThreadCount(),
                        threads.getPeakThreadCount());
                long t1 = System.nanoTime();
                runner.close();
                System.out.printf("operator closed in %.1f s; daemons still running: %d; platform threads: %d%n",
                        (System.nanoTime() - t1) / 1e9, op.running.get(), threads.getThreadCount());
            }
        }
    }

    private static void send(HttpClient http, String url, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }
}
