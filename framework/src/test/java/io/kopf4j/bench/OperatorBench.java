package io.kopf4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.ApiClient;
import okhttp3.Interceptor;
import okhttp3.Request;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Throughput, latency, API traffic and memory of a whole operator (one create handler) against
 * {@link EmbeddedApiServer}, everything in one JVM. Not a test: a main class, run by the {@code bench} profile
 * ({@code mvn -B -Pbench -pl framework -am verify -DskipTests}) in a JVM of its own, so that its RSS is not Maven's.
 *
 * <p>For each N (default 1,000 and 10,000, after an excluded warm-up run of 1,000) the objects are created in a fresh
 * namespace in bursts of 100 (each burst by 4 parallel creators over HTTP; the next burst starts when the previous
 * one was answered, not when it was handled). An object is handled when this benchmark's own watch of the namespace
 * sees both its {@code status.created} (the handler's result) and its diff-base annotation. The operator's requests
 * are counted by an OkHttp interceptor on the client it is given; the server's global resourceVersion (one per
 * write) cross-checks the writes. The reference is the server's sequential merge-patch rate, measured in the same run
 * as {@link EmbeddedServerBench} does, before the operator starts.
 */
public final class OperatorBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String CR_BASE = "/apis/kopf.dev/v1/namespaces/";
    private static final String DIFF_BASE = "kopf.zalando.org/last-handled-configuration";
    private static final String HANDLER_ID = "created";

    private static final List<Integer> SIZES = parseSizes(System.getProperty("bench.sizes", "1000,10000"));
    private static final int WARMUP_OBJECTS = Integer.getInteger("bench.warmupObjects", 1000);
    private static final int BURST = Integer.getInteger("bench.burst", 100);
    private static final int CREATORS = Integer.getInteger("bench.creators", 4);
    // The reference merge-patch rate, as in EmbeddedServerBench.
    private static final long WARMUP_MILLIS = Long.getLong("bench.warmupMillis", 3000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final long ROUND_MILLIS = Long.getLong("bench.roundMillis", 1000);
    private static final long QUIET_MILLIS = Long.getLong("bench.quietMillis", 1000);

    /** The operator: one create handler with a small result, stored by the framework in {@code status.created}. */
    public static final class BenchOperator {
        @On.Create("kopfexamples")
        public Map<String, Object> created(Meta meta) {
            return Map.of("message", "handled " + meta.name());
        }
    }

    /** The operator's requests, by kind; writes and reads separately. */
    static final class Traffic implements Interceptor {
        final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        @Override
        public okhttp3.Response intercept(Chain chain) throws IOException {
            Request r = chain.request();
            counts.computeIfAbsent(kind(r), k -> new LongAdder()).increment();
            return chain.proceed(r);
        }

        private static String kind(Request r) {
            String path = r.url().encodedPath();
            String method = r.method();
            if (method.equals("GET")) {
                String watch = r.url().queryParameter("watch");
                return "true".equals(watch) || "1".equals(watch) ? "read: watch" : "read: get/list";
            }
            if (method.equals("PATCH")) {
                String type = r.body() == null || r.body().contentType() == null ? "?"
                        : r.body().contentType().subtype();
                return "write: PATCH " + (path.endsWith("/status") ? "status " : "object ") + type;
            }
            if (method.equals("POST") && path.endsWith("/events")) {
                return "write: POST event";
            }
            return "write: " + method + " other";
        }

        Map<String, Long> snapshot() {
            Map<String, Long> m = new java.util.TreeMap<>();
            counts.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        long total() {
            return counts.values().stream().mapToLong(LongAdder::sum).sum();
        }
    }

    private record Result(int n, double handledPerSecond, double createdPerSecond, double p50, double p99,
                          double max, double writesPerObject, double readsPerObject, long serverWrites,
                          Map<String, Long> traffic, long negative) {
    }

    private final BenchHttp web;
    private final EmbeddedApiServer server;

    private OperatorBench(EmbeddedApiServer server) {
        this.server = server;
        this.web = new BenchHttp(server.url());
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        header();
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            new OperatorBench(server).run();
        }
        System.out.printf(Locale.ROOT, "%nbenchmark finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(0); // the watch readers of this benchmark may still block on their streams
    }

    private static void header() {
        Runtime rt = Runtime.getRuntime();
        System.out.println("=== kopf4j operator benchmark ===");
        System.out.printf(Locale.ROOT, "JDK        %s (%s %s), %s%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"),
                Runtime.version().feature() >= 21 ? "virtual threads available" : "platform threads");
        System.out.printf(Locale.ROOT, "machine    %d available processors, max heap %d MiB, %s %s%n",
                rt.availableProcessors(), rt.maxMemory() >> 20, System.getProperty("os.name"),
                System.getProperty("os.arch"));
        System.out.println("JVM flags  " + ManagementFactory.getRuntimeMXBean().getInputArguments());
        System.out.printf(Locale.ROOT, "method     sizes %s after a warm-up run of %d (excluded); bursts of %d objects,"
                + " %d parallel creators per burst;%n           one operator, one server, this client: one JVM%n",
                SIZES, WARMUP_OBJECTS, BURST, CREATORS);
    }

    private void run() throws Exception {
        setUp();
        long heapBefore = heapUsedAfterGc();

        System.out.println();
        System.out.println("--- reference: the server's sequential merge-patch rate (no operator running) ---");
        double patchRate = mergePatchRate();

        Traffic traffic = new Traffic();
        ApiClient client = server.client();
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(traffic).build());
        BenchOperator operator = new BenchOperator();
        List<Result> results = new ArrayList<>();
        try (OperatorRunner runner = OperatorRunner.start(client, operator)) {
            System.out.println();
            System.out.printf(Locale.ROOT, "--- operator runs (warm-up of %d first) ---%n", WARMUP_OBJECTS);
            if (WARMUP_OBJECTS > 0) {
                Result warm = runOnce("op-warmup", WARMUP_OBJECTS, traffic);
                print("warm-up", warm);
                deleteAll("op-warmup", WARMUP_OBJECTS);
            }
            for (int i = 0; i < SIZES.size(); i++) {
                int n = SIZES.get(i);
                String ns = "op-" + n;
                Result r = runOnce(ns, n, traffic);
                print("N=" + n, r);
                results.add(r);
                if (i == SIZES.size() - 1) {
                    memory(n, heapBefore);
                } else {
                    deleteAll(ns, n);
                }
            }
            if (!runner.errors().isEmpty()) {
                System.out.println("operator errors: " + runner.errors());
            }
            long hold = Long.getLong("bench.holdSeconds", 0);
            if (hold > 0) {
                System.out.printf(Locale.ROOT, "holding for %d s (pid %d)%n", hold, ProcessHandle.current().pid());
                Thread.sleep(hold * 1000);
            }
        }
        long holdAfter = Long.getLong("bench.holdAfterSeconds", 0);
        if (holdAfter > 0) {
            System.out.printf(Locale.ROOT, "holding for %d s (pid %d)%n", holdAfter, ProcessHandle.current().pid());
            Thread.sleep(holdAfter * 1000);
        }

        System.out.println();
        System.out.println("--- aim: handled/s >= 0.5 x (merge-patch rate / operator writes per object) ---");
        for (Result r : results) {
            double target = 0.5 * patchRate / r.writesPerObject;
            System.out.printf(Locale.ROOT, "N=%-6d %7.0f handled/s vs 0.5 x %.0f / %.2f = %6.0f/s: %s (%.0f %% of the"
                    + " patch-bound rate %.0f/s)%n", r.n, r.handledPerSecond, patchRate, r.writesPerObject, target,
                    r.handledPerSecond >= target ? "MET" : "NOT MET",
                    100 * r.handledPerSecond / (patchRate / r.writesPerObject), patchRate / r.writesPerObject);
        }
    }

    // ------------------------------------------------------------------ one run

    private Result runOnce(String ns, int n, Traffic traffic) throws Exception {
        BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri("/api/v1/namespaces")), "POST",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}")), 201);
        long rvBefore = currentRv();

        long[] sent = new long[n];
        long[] returned = new long[n];
        long[] handled = new long[n];
        CountDownLatch all = new CountDownLatch(n);
        AtomicReference<String> failure = new AtomicReference<>();
        Stream<String> watch = watch(ns, rvBefore, handled, all, failure);

        Map<String, Long> trafficBefore = traffic.snapshot();
        ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
        try {
            for (int start = 0; start < n; start += BURST) {
                int end = Math.min(n, start + BURST);
                List<Future<?>> burst = new ArrayList<>();
                int per = (end - start + CREATORS - 1) / CREATORS;
                for (int c = 0; c < CREATORS; c++) {
                    int from = start + c * per;
                    int to = Math.min(end, from + per);
                    burst.add(creators.submit(() -> {
                        for (int i = from; i < to; i++) {
                            sent[i] = System.nanoTime();
                            create(ns, "obj-" + i);
                            returned[i] = System.nanoTime();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : burst) {
                    f.get();
                }
            }
        } finally {
            creators.shutdown();
        }
        long lastReturned = Arrays.stream(returned).max().orElseThrow();
        if (!all.await(Math.max(60, n / 20), TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException(all.getCount() + " of " + n + " objects not handled"
                    + (failure.get() == null ? "" : ": " + failure.get()));
        }
        watch.close();
        long first = Arrays.stream(sent).min().orElseThrow();
        long last = Arrays.stream(handled).max().orElseThrow();

        // Wait until the operator is quiet (no request for QUIET_MILLIS), so that every write of the run is counted.
        long total = traffic.total();
        while (true) {
            Thread.sleep(QUIET_MILLIS);
            long now = traffic.total();
            if (now == total) {
                break;
            }
            total = now;
        }
        long rvAfter = currentRv();
        Map<String, Long> delta = new LinkedHashMap<>();
        long writes = 0;
        long reads = 0;
        for (Map.Entry<String, Long> e : traffic.snapshot().entrySet()) {
            long d = e.getValue() - trafficBefore.getOrDefault(e.getKey(), 0L);
            if (d != 0) {
                delta.put(e.getKey(), d);
                if (e.getKey().startsWith("write")) {
                    writes += d;
                } else {
                    reads += d;
                }
            }
        }
        double[] latencies = new double[n];
        long negative = 0;
        for (int i = 0; i < n; i++) {
            long l = handled[i] - returned[i];
            if (l < 0) {
                negative++;
                l = 0;
            }
            latencies[i] = l / 1e6;
        }
        return new Result(n, n / ((last - first) / 1e9), n / ((lastReturned - first) / 1e9),
                percentile(latencies, 50), percentile(latencies, 99), percentile(latencies, 100),
                writes / (double) n, reads / (double) n, rvAfter - rvBefore - n, delta, negative);
    }

    private static void print(String label, Result r) {
        System.out.printf(Locale.ROOT, "%-8s %7.0f objects handled/s (created at %.0f/s); create->handled p50 %.0f ms,"
                + " p99 %.0f ms, max %.0f ms%n", label, r.handledPerSecond, r.createdPerSecond, r.p50, r.p99, r.max);
        System.out.printf(Locale.ROOT, "         operator writes %.2f per object, reads %.3f per object; server"
                + " writes besides the creates: %d (%.2f per object)%n", r.writesPerObject, r.readsPerObject,
                r.serverWrites, r.serverWrites / (double) r.n);
        System.out.println("         operator requests: " + r.traffic
                + (r.negative > 0 ? "; " + r.negative + " objects seen handled before their create returned" : ""));
    }

    /**
     * Watches the namespace from {@code rv} and stamps each object when it is first seen with both the handler's
     * result and the diff-base annotation.
     */
    private Stream<String> watch(String ns, long rv, long[] handled, CountDownLatch all,
                                 AtomicReference<String> failure) throws Exception {
        HttpResponse<Stream<String>> r = web.client().send(HttpRequest.newBuilder(
                        web.uri(CR_BASE + ns + "/kopfexamples?watch=true&resourceVersion=" + rv)).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("watch answered " + r.statusCode());
        }
        Stream<String> lines = r.body();
        Thread t = new Thread(() -> {
            try {
                for (Iterator<String> it = lines.iterator(); all.getCount() > 0 && it.hasNext(); ) {
                    String line = it.next();
                    long now = System.nanoTime();
                    JsonNode event = MAPPER.readTree(line);
                    String type = event.path("type").asText();
                    if (type.equals("ERROR")) {
                        failure.compareAndSet(null, "watch error: " + line);
                        while (all.getCount() > 0) {
                            all.countDown();
                        }
                        return;
                    }
                    JsonNode obj = event.path("object");
                    if (!(type.equals("ADDED") || type.equals("MODIFIED"))
                            || obj.path("status").path(HANDLER_ID).isMissingNode()
                            || !obj.path("metadata").path("annotations").has(DIFF_BASE)) {
                        continue;
                    }
                    int i = Integer.parseInt(obj.path("metadata").path("name").asText().substring(4));
                    if (handled[i] == 0) {
                        handled[i] = now;
                        all.countDown();
                    }
                }
            } catch (Exception e) {
                if (all.getCount() > 0) {
                    failure.compareAndSet(null, "watch failed: " + e);
                }
            }
        }, "bench-watch-" + ns);
        t.setDaemon(true);
        t.start();
        return lines;
    }

    private void deleteAll(String ns, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CREATORS);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < CREATORS; c++) {
                int from = c;
                fs.add(pool.submit(() -> {
                    for (int i = from; i < n; i += CREATORS) {
                        BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri(CR_BASE + ns + "/kopfexamples/obj-" + i)).DELETE()),
                                200);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Thread.sleep(QUIET_MILLIS);
    }

    private long memory(int n, long heapBefore) throws Exception {
        long heap = heapUsedAfterGc();
        MemoryUsage h = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.println();
        System.out.printf(Locale.ROOT, "--- memory at the end of the N=%d run (its %d objects stored and known to the"
                + " operator) ---%n", n, n);
        System.out.printf(Locale.ROOT, "heap used after GC  %.1f MiB (%.1f MiB before the operator and the runs;"
                + " heap committed %.1f MiB)%n", heap / 1048576.0, heapBefore / 1048576.0, h.getCommitted() / 1048576.0);
        System.out.printf(Locale.ROOT, "process RSS         %s now, %s peak (VmRSS, VmHWM; the whole JVM: server,"
                + " operator and this client)%n", procStatus("VmRSS"), procStatus("VmHWM"));
        return heap;
    }

    // ------------------------------------------------------------------ reference

    private double mergePatchRate() throws Exception {
        String ns = "bench-ref";
        BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri("/api/v1/namespaces")), "POST",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}")), 201);
        create(ns, "bench-patch");
        String path = CR_BASE + ns + "/kopfexamples/bench-patch";
        long[] counter = {0};
        Runnable op = () -> {
            String body = "{\"spec\":{\"counter\":" + (++counter[0]) + "}}";
            try {
                BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri(path)).header("Content-Type", "application/merge-patch+json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(body))), 200);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        runFor(WARMUP_MILLIS, op);
        double[] rates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            rates[i] = runFor(ROUND_MILLIS, op);
        }
        Arrays.sort(rates);
        double median = rates[ROUNDS / 2];
        System.out.printf(Locale.ROOT, "merge-patch of a custom resource (spec.counter) %8.0f /s [%.0f-%.0f]"
                + "  = %7.1f us each%n", median, rates[0], rates[ROUNDS - 1], 1e6 / median);
        // Gone before the operator starts, so that it does not handle it.
        BenchHttp.expect(web.send(HttpRequest.newBuilder(web.uri(path)).DELETE()), 200);
        return median;
    }

    private static double runFor(long millis, Runnable op) {
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        long n = 0;
        long now;
        do {
            op.run();
            n++;
            now = System.nanoTime();
        } while (now < end);
        return n / ((now - start) / 1e9);
    }

    // ------------------------------------------------------------------ setup

    private void setUp() throws Exception {
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
    }

    private void create(String ns, String name) throws IOException, InterruptedException {
        BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri(CR_BASE + ns + "/kopfexamples")), "POST",
                "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"" + name
                        + "\",\"labels\":{\"app\":\"bench\"}},\"spec\":{\"counter\":0,\"field\":\"value\","
                        + "\"items\":[\"item1\",\"item2\"]}}")), 201);
    }

    /** The server's current resourceVersion: one global counter, incremented by every write. */
    private long currentRv() throws Exception {
        HttpResponse<String> r = web.send(HttpRequest.newBuilder(web.uri("/api/v1/namespaces?limit=1")).GET());
        BenchHttp.expect(r, 200);
        return MAPPER.readTree(r.body()).path("metadata").path("resourceVersion").asLong();
    }

    // ------------------------------------------------------------------ helpers

    private static List<Integer> parseSizes(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : text.split(",")) {
            if (!s.isBlank()) {
                out.add(Integer.parseInt(s.trim()));
            }
        }
        return List.copyOf(out);
    }

    /** Nearest-rank percentile. */
    private static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String procStatus(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    long kb = Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                    return String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "n/a (" + e + ")";
        }
        return "n/a";
    }

}
