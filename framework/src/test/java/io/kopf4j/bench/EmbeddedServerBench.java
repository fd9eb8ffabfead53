package io.kopf4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.embedded.EmbeddedApiServer;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Throughput of {@link EmbeddedApiServer} over real HTTP on loopback. Not a test: a main class, run by the
 * {@code bench} profile ({@code mvn -B -Pbench -pl framework -am verify -DskipTests}) or directly with the test
 * classpath. Client and server share the same JVM and the same cores, so every figure includes the client's cost.
 *
 * <p>All requests use {@link java.net.http.HttpClient} (HTTP/1.1). Sequential measurements go over the client's one
 * pooled keep-alive connection; the watchers each hold their own connection. Warm-up rounds are excluded.
 */
public final class EmbeddedServerBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String CR_BASE = "/apis/kopf.dev/v1/namespaces/";

    // Time-bounded rounds for the sequential measurements.
    private static final long WARMUP_MILLIS = Long.getLong("bench.warmupMillis", 3000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 1000);
    // Watch fan-out.
    private static final int WATCHERS = Integer.getInteger("bench.watchers", 100);
    private static final int FANOUT_WARMUP = Integer.getInteger("bench.fanoutWarmup", 20);
    private static final int FANOUT_CHANGES = Integer.getInteger("bench.fanoutChanges", 100);
    private static final int BURST_WARMUP = Integer.getInteger("bench.burstWarmup", 300);
    private static final int BURST_CHANGES = Integer.getInteger("bench.burstChanges", 1000);

    private final BenchHttp web;

    private EmbeddedServerBench(String base) {
        this.web = new BenchHttp(base);
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        long heapBefore = heapUsedAfterGc();
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            EmbeddedServerBench b = new EmbeddedServerBench(server.url());
            b.header(server);
            b.run(server, heapBefore);
        }
        System.out.printf(Locale.ROOT, "%nbenchmark finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private void header(EmbeddedApiServer server) {
        Runtime rt = Runtime.getRuntime();
        System.out.println("=== kopf4j EmbeddedApiServer benchmark ===");
        System.out.printf(Locale.ROOT, "JDK        %s (%s %s), %s%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
                Runtime.version().feature() >= 21 ? "server on virtual threads" : "server on a cached thread pool");
        System.out.printf(Locale.ROOT, "machine    %d available processors, max heap %d MiB, %s %s%n",
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.arch"));
        System.out.println("client     java.net.http.HttpClient, HTTP/1.1, same JVM as the server; server " + server.url());
        System.out.printf(Locale.ROOT, "method     warm-up %d ms per measurement excluded, then %d rounds of %d ms,"
                + " interleaved;%n           figures are the median round [min-max]%n", WARMUP_MILLIS, ROUNDS,
                ROUND_MILLIS);
        System.out.println("server     sun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay")
                + " (TCP_NODELAY on the server's sockets when true)");
    }

    private void run(EmbeddedApiServer server, long heapBefore) throws Exception {
        setUp();

        System.out.println();
        System.out.println("--- sequential, one keep-alive connection ---");
        Op emptyOp = () -> {
            BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri("/healthz")).GET()), 200);
            return 1;
        };
        long[] counter = {0};
        String patchPath = CR_BASE + "bench/kopfexamples/bench-patch";
        Op patchOp = () -> {
            String body = "{\"spec\":{\"counter\":" + (++counter[0]) + "}}";
            BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri(patchPath)).header("Content-Type", "application/merge-patch+json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body))), 200);
            return 1;
        };
        long[] cms = {0};
        Op createDeleteOp = () -> {
            String name = "cm-" + (++cms[0]);
            BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri("/api/v1/namespaces/bench/configmaps")), "POST",
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                            + "\"},\"data\":{\"key\":\"value\"}}")), 201);
            BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri("/api/v1/namespaces/bench/configmaps/" + name)).DELETE()), 200);
            return 1;
        };
        List<Rate> rates = measure(
                List.of("empty round trip (GET /healthz)", "merge-patch of a custom resource (spec.counter)",
                        "create+delete pair of a ConfigMap"),
                List.of(emptyOp, patchOp, createDeleteOp));
        Rate empty = rates.get(0);
        Rate patch = rates.get(1);
        Rate createDelete = rates.get(2);

        System.out.println();
        System.out.printf(Locale.ROOT, "--- watch fan-out: %d watchers of kopfexamples in one namespace ---%n", WATCHERS);
        FanOut fan = watchFanOut(server);

        System.out.println();
        System.out.println("--- cost relative to one empty round trip ---");
        System.out.printf(Locale.ROOT, "a merge-patch costs        %5.1f empty round trips%n", empty.median / patch.median);
        System.out.printf(Locale.ROOT, "a create+delete pair costs %5.1f empty round trips (%.1f per request)%n",
                empty.median / createDelete.median, empty.median / createDelete.median / 2);
        System.out.printf(Locale.ROOT, "a %d-watcher fan-out (median) costs %5.1f empty round trips%n", WATCHERS,
                fan.medianMillis / 1000.0 * empty.median);

        System.out.println();
        System.out.println("--- memory and state ---");
        long objects = countObjects();
        long heapAfter = heapUsedAfterGc();
        System.out.printf(Locale.ROOT, "objects stored at the end       %d (every listable kind, all namespaces)%n",
                objects);
        System.out.printf(Locale.ROOT, "heap used after the run (GC'd)  %.1f MiB (%.1f MiB before the server started;"
                + " whole JVM)%n", heapAfter / 1048576.0, heapBefore / 1048576.0);
    }

    // ------------------------------------------------------------------ setup

    private void setUp() throws Exception {
        for (String ns : List.of("bench", "bench-watch")) {
            BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri("/api/v1/namespaces")), "POST",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}")), 201);
        }
        String crd = "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\","
                + "\"metadata\":{\"name\":\"kopfexamples.kopf.dev\"},\"spec\":{\"group\":\"kopf.dev\","
                + "\"scope\":\"Namespaced\",\"names\":{\"plural\":\"kopfexamples\",\"singular\":\"kopfexample\","
                + "\"kind\":\"KopfExample\",\"shortNames\":[\"kex\"]},\"versions\":[{\"name\":\"v1\",\"served\":true,"
                + "\"storage\":true,\"subresources\":{\"status\":{}},\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\","
                + "\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{\"counter\":{\"type\":\"integer\"},"
                + "\"field\":{\"type\":\"string\"},\"items\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}},"
                + "\"status\":{\"type\":\"object\",\"x-kubernetes-preserve-unknown-fields\":true}}}}}]}}";
        BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri(CRD_PATH)), "POST", crd)), 201);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (web.send(HttpRequest.newBuilder(web.uri("/apis/kopf.dev/v1")).GET()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the CRD kopfexamples.kopf.dev was not served within 10 s");
            }
            Thread.sleep(20);
        }
        createExample("bench", "bench-patch");
    }

    private String createExample(String ns, String name) throws Exception {
        HttpResponse<String> r = web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri(CR_BASE + ns + "/kopfexamples")), "POST",
                "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"" + name
                        + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"counter\":0,\"field\":\"value\","
                        + "\"items\":[\"item1\",\"item2\"]}}"));
        BenchHttp.expect(r, 201);
        return MAPPER.readTree(r.body()).path("metadata").path("resourceVersion").asText();
    }

    // ------------------------------------------------------------------ sequential rates

    /** Operations per second of one round, and their median over the measured rounds. */
    private record Rate(double median, double min, double max) {
    }

    private interface Op {
        int run() throws Exception;
    }

    /** Warms every op up, then runs the measured rounds interleaved (round i of every op, then round i+1). */
    private List<Rate> measure(List<String> labels, List<Op> ops) throws Exception {
        for (Op op : ops) {
            runFor(WARMUP_MILLIS, op);
        }
        double[][] rates = new double[ops.size()][ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            for (int o = 0; o < ops.size(); o++) {
                rates[o][i] = runFor(ROUND_MILLIS, ops.get(o));
            }
        }
        List<Rate> out = new ArrayList<>();
        for (int o = 0; o < ops.size(); o++) {
            double[] r = rates[o];
            Arrays.sort(r);
            Rate rate = new Rate(r[ROUNDS / 2], r[0], r[ROUNDS - 1]);
            System.out.printf(Locale.ROOT, "%-48s %8.0f /s [%.0f-%.0f]  = %7.1f us each%n", labels.get(o),
                    rate.median, rate.min, rate.max, 1e6 / rate.median);
            out.add(rate);
        }
        return out;
    }

    private static double runFor(long millis, Op op) throws Exception {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long n = 0;
        long now;
        do {
            n += op.run();
            now = System.nanoTime();
        } while (now < end);
        return n / ((now - start) / 1e9);
    }

    // ------------------------------------------------------------------ watch fan-out

    private record FanOut(double medianMillis, double p99Millis) {
    }

    /**
     * Opens the watchers, then (a) makes one change at a time and waits until every watcher has it, for the latency
     * from sending the patch to the last watcher reading the event; (b) makes changes back to back and counts events
     * delivered per second until the last watcher has read the last one.
     */
    private FanOut watchFanOut(EmbeddedApiServer server) throws Exception {
        String rv = createExample("bench-watch", "bench-watched");
        int total = FANOUT_WARMUP + FANOUT_CHANGES + BURST_WARMUP + BURST_CHANGES;
        CountDownLatch[] seen = new CountDownLatch[total];
        for (int i = 0; i < total; i++) {
            seen[i] = new CountDownLatch(WATCHERS);
        }
        long[][] received = new long[total][WATCHERS];
        AtomicReference<String> failure = new AtomicReference<>();
        AtomicLong events = new AtomicLong();
        URI watchUri = web.uri(CR_BASE + "bench-watch/kopfexamples?watch=true&resourceVersion=" + rv);
        List<CompletableFuture<HttpResponse<Stream<String>>>> opening = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            opening.add(web.client().sendAsync(HttpRequest.newBuilder(watchUri).GET().build(),
                    HttpResponse.BodyHandlers.ofLines()));
        }
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < WATCHERS; i++) {
            HttpResponse<Stream<String>> r = opening.get(i).get(30, TimeUnit.SECONDS);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("watch answered " + r.statusCode());
            }
            int w = i;
            Thread t = new Thread(() -> {
                int k = 0;
                try (Stream<String> lines = r.body()) {
                    for (Iterator<String> it = lines.iterator(); k < total && it.hasNext(); ) {
                        String line = it.next();
                        long now = System.nanoTime();
                        if (!line.startsWith("{\"type\":\"MODIFIED\"")) {
                            failure.compareAndSet(null, "watcher " + w + " got an unexpected event: "
                                    + line.substring(0, Math.min(200, line.length())));
                            break;
                        }
                        received[k][w] = now;
                        events.incrementAndGet();
                        seen[k++].countDown();
                    }
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, "watcher " + w + " failed: " + e);
                }
            }, "bench-watcher-" + i);
            t.setDaemon(true);
            t.start();
            readers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.faults().openWatches() < WATCHERS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + server.faults().openWatches() + " watches open");
            }
            Thread.sleep(5);
        }
        String path = CR_BASE + "bench-watch/kopfexamples/bench-watched";

        // (a) one change at a time.
        long[] sent = new long[total];
        long[] answered = new long[total];
        int k = 0;
        for (; k < FANOUT_WARMUP + FANOUT_CHANGES; k++) {
            sent[k] = System.nanoTime();
            patchCounter(path, k + 1);
            answered[k] = System.nanoTime();
            awaitAll(seen[k], failure, k);
        }
        double[] all = new double[FANOUT_CHANGES];
        double[] first = new double[FANOUT_CHANGES];
        double[] patchOnly = new double[FANOUT_CHANGES];
        for (int i = 0; i < FANOUT_CHANGES; i++) {
            int c = FANOUT_WARMUP + i;
            long last = Long.MIN_VALUE;
            long earliest = Long.MAX_VALUE;
            for (long t : received[c]) {
                last = Math.max(last, t);
                earliest = Math.min(earliest, t);
            }
            all[i] = (last - sent[c]) / 1e6;
            first[i] = (earliest - sent[c]) / 1e6;
            patchOnly[i] = (answered[c] - sent[c]) / 1e6;
        }
        FanOut fan = new FanOut(percentile(all, 50), percentile(all, 99));
        System.out.printf(Locale.ROOT, "one change, until all %d watchers have it      median %6.2f ms, p99 %6.2f ms"
                + " (%d changes; from sending the patch)%n", WATCHERS, fan.medianMillis, fan.p99Millis,
                FANOUT_CHANGES);
        System.out.printf(Locale.ROOT, "  for comparison: until the first watcher has it median %6.2f ms;"
                + " the patch's own round trip median %.2f ms%n", percentile(first, 50), percentile(patchOnly, 50));

        // (b) back to back: warm-up, then the measured burst.
        int burstStart = k + BURST_WARMUP;
        for (; k < burstStart; k++) {
            patchCounter(path, k + 1);
        }
        awaitAll(seen[burstStart - 1], failure, burstStart - 1);
        long eventsBefore = events.get();
        long t0 = System.nanoTime();
        for (; k < total; k++) {
            patchCounter(path, k + 1);
        }
        long patchesDone = System.nanoTime();
        awaitAll(seen[total - 1], failure, total - 1);
        long lastEvent = Long.MIN_VALUE;
        for (long t : received[total - 1]) {
            lastEvent = Math.max(lastEvent, t);
        }
        long delivered = events.get() - eventsBefore;
        double seconds = (lastEvent - t0) / 1e9;
        System.out.printf(Locale.ROOT, "back to back, %d changes x %d watchers          %8.0f events/s delivered"
                + " (%d events in %.2f s)%n", BURST_CHANGES, WATCHERS, delivered / seconds, delivered, seconds);
        System.out.printf(Locale.ROOT, "  the writer meanwhile made %.0f patches/s; the last event arrived %.1f ms"
                + " after the last patch was answered%n", BURST_CHANGES / ((patchesDone - t0) / 1e9),
                (lastEvent - patchesDone) / 1e6);
        for (Thread t : readers) {
            t.join(5000);
        }
        server.faults().cutWatches();
        return fan;
    }

    private void patchCounter(String path, long value) throws Exception {
        BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri(path)).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"counter\":" + value + "}}"))),
                200);
    }

    private static void awaitAll(CountDownLatch latch, AtomicReference<String> failure, int change)
            throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException("change " + change + " did not reach every watcher ("
                    + latch.getCount() + " missing)" + (failure.get() == null ? "" : ": " + failure.get()));
        }
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    // ------------------------------------------------------------------ state

    /** Every object of every listable kind, listed cluster-wide through discovery, as a client would count them. */
    private long countObjects() throws Exception {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("/api/v1");
        for (JsonNode g : getJson("/apis").path("groups")) {
            groupVersions.add("/apis/" + g.path("preferredVersion").path("groupVersion").asText());
        }
        long n = 0;
        for (String gv : groupVersions) {
            for (JsonNode r : getJson(gv).path("resources")) {
                String name = r.path("name").asText();
                boolean listable = false;
                for (JsonNode v : r.path("verbs")) {
                    listable |= v.asText().equals("list");
                }
                if (name.contains("/") || !listable
                        || (gv.equals("/apis/events.k8s.io/v1") && name.equals("events"))) {
                    continue; // subresources; events.k8s.io events are the core events seen again
                }
                n += getJson(gv + "/" + name).path("items").size();
            }
        }
        return n;
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = web.send(HttpRequest.newBuilder(web.uri(path)).GET());
        BenchHttp.expect(r, 200);
        return MAPPER.readTree(r.body());
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }

    // ------------------------------------------------------------------ HTTP

}
