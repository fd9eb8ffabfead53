package io.kopf4j.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.embedded.EmbeddedApiServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Throughput, latency, API traffic and memory of a whole operator (one create handler) against
 * {@link EmbeddedApiServer}. Not a test: a main class, run by the {@code bench} profile
 * ({@code mvn -B -Pbench -pl framework -am verify -DskipTests}).
 *
 * <p>Two JVMs: this one runs the embedded API server, the load (the creates) and the benchmark's own watch; the
 * operator runs alone in a child JVM ({@link BenchOperatorProcess}), connected by a kubeconfig file as {@code kopf
 * run} is, so that the memory reported is the operator's only. The program arguments are the child's JVM options
 * (e.g. {@code -Xmx96m -XX:+UseSerialGC}); the {@code -Dbench.*} ones among them apply to this process too. The
 * child runs on this process's JDK unless {@code -Dbench.operator.java=/path/to/bin/java} says otherwise.
 *
 * <p>For each N (default 1,000 and 10,000, after an excluded warm-up run of 1,000) the objects are created in a fresh
 * namespace in bursts of 100 (each burst by 4 parallel creators over HTTP; the next burst starts when the previous
 * one was answered, not when it was handled). An object is handled when this benchmark's own watch of the namespace
 * sees both its {@code status.created} (the handler's result) and its diff-base annotation. The operator's requests
 * are counted by an OkHttp interceptor in the child; the server's global resourceVersion (one per write) cross-checks
 * the writes. The reference is the server's sequential merge-patch rate, measured in the same run as
 * {@link EmbeddedServerBench} does, before the operator starts.
 *
 * <p>Memory (the child's, after a full GC each time): once the operator has started and listed nothing; before the
 * last N (the earlier runs' objects deleted); right after the last N was handled and the operator went quiet; and
 * again once its per-object workers have idled out ({@code bench.settleMillis}, default 8 s, past Kopf's 5 s idle
 * timeout), the steady state of an operator that knows N objects. Per object: the heap growth from before the last
 * N to the steady state, divided by N. The RSS is read before each GC (as the operator runs), and after it. Then
 * (unless {@code -Dbench.restart=false}) the operator is stopped and a new one started with the last N objects in the
 * cluster, all handled already: its memory once it listed them, and its peak, are those of an operator restarted with
 * N objects. {@code -Dbench.histogram=30} prints the top of the child's class histogram
 * ({@code jcmd GC.class_histogram}) at the steady state, and {@code -XX:NativeMemoryTracking=summary} among the
 * operator's options its native memory summary.
 */
public final class OperatorBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String CR_BASE = "/apis/kopf.dev/v1/namespaces/";
    private static final String DIFF_BASE = "kopf.zalando.org/last-handled-configuration";
    private static final String HANDLER_ID = "created";
    private static final double MIB = 1048576.0;

    // Read once main() has applied the -Dbench.* arguments.
    private final List<Integer> sizes = parseSizes(System.getProperty("bench.sizes", "1000,10000"));
    private final int warmupObjects = Integer.getInteger("bench.warmupObjects", 1000);
    private final int burst = Integer.getInteger("bench.burst", 100);
    private final int creators = Integer.getInteger("bench.creators", 4);
    // The reference merge-patch rate, as in EmbeddedServerBench.
    private final long warmupMillis = Long.getLong("bench.warmupMillis", 3000);
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final long roundMillis = Long.getLong("bench.roundMillis", 1000);
    private final long quietMillis = Long.getLong("bench.quietMillis", 1000);
    private final long settleMillis = Long.getLong("bench.settleMillis", 8000);
    private final int histogramLines = Integer.getInteger("bench.histogram", 0);
    private final boolean restart = Boolean.parseBoolean(System.getProperty("bench.restart", "true"));

    private record Result(int n, double handledPerSecond, double createdPerSecond, double p50, double p99,
                          double max, double writesPerObject, double readsPerObject, long serverWrites,
                          Map<String, Long> traffic, long negative, long operatorCpuNanos) {
    }

    /** One memory report of the operator's JVM. */
    private record Memory(long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed, long rssKiB, long hwmKiB,
                          long rssAfterGcKiB, int threads, int errors) {
        static Memory of(JsonNode j) {
            return new Memory(j.path("heapUsed").asLong(), j.path("heapCommitted").asLong(),
                    j.path("heapMax").asLong(), j.path("nonHeapUsed").asLong(), j.path("rssKiB").asLong(),
                    j.path("hwmKiB").asLong(), j.path("rssAfterGcKiB").asLong(), j.path("threads").asInt(),
                    j.path("errors").asInt());
        }

        String line() {
            return String.format(Locale.ROOT, "RSS %6.1f MiB (peak %6.1f; %6.1f after GC); heap used after GC %5.1f MiB"
                            + " (committed %5.1f of max %.0f); non-heap %4.1f MiB; %d threads", rssKiB / 1024.0,
                    hwmKiB / 1024.0, rssAfterGcKiB / 1024.0, heapUsed / MIB, heapCommitted / MIB, heapMax / MIB,
                    nonHeapUsed / MIB, threads);
        }
    }

    /** The operator's JVM, driven over its stdin and stdout. */
    private static final class OperatorProcess implements AutoCloseable {
        final Process process;
        final BufferedReader out;
        final PrintStream in;
        final long pid;
        final String java;

        OperatorProcess(String java, List<String> jvmOptions, Path kubeconfig) throws IOException {
            this.java = java;
            List<String> command = new ArrayList<>();
            command.add(java);
            command.addAll(jvmOptions);
            command.add("-classpath");
            command.add(System.getProperty("java.class.path"));
            command.add(BenchOperatorProcess.class.getName());
            command.add(kubeconfig.toString());
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
            JsonNode ready = read();
            if (!ready.path("ready").asBoolean()) {
                throw new IllegalStateException("the operator process did not start: " + ready);
            }
            pid = ready.path("pid").asLong();
        }

        JsonNode ask(String command) throws IOException {
            in.println(command);
            return read();
        }

        private JsonNode read() throws IOException {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the operator process ended (exit code "
                        + (process.isAlive() ? "?" : String.valueOf(process.exitValue())) + ")");
            }
            return MAPPER.readTree(line);
        }

        Map<String, Long> traffic() throws IOException {
            Map<String, Long> m = new TreeMap<>();
            ask("traffic").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asLong()));
            return m;
        }

        long totalRequests() throws IOException {
            return traffic().values().stream().mapToLong(Long::longValue).sum();
        }

        Memory memory() throws IOException {
            return Memory.of(ask("memory"));
        }

        /** The output of {@code jcmd <pid> <command...>}, by the child's JDK. */
        List<String> jcmd(String... command) throws IOException, InterruptedException {
            List<String> line = new ArrayList<>(List.of(Path.of(java).resolveSibling("jcmd").toString(),
                    String.valueOf(pid)));
            line.addAll(List.of(command));
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            List<String> all = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
                    .lines().toList();
            p.waitFor();
            return all;
        }

        /** The top of {@code jcmd <pid> GC.class_histogram}. */
        List<String> histogram(int lines) throws IOException, InterruptedException {
            List<String> all = jcmd("GC.class_histogram");
            List<String> top = new ArrayList<>(all.subList(0, Math.min(all.size(), lines + 3)));
            if (!all.isEmpty()) {
                top.add(all.get(all.size() - 1));  // the total
            }
            return top;
        }

        /** Idempotent. */
        @Override
        public void close() throws InterruptedException {
            if (!process.isAlive()) {
                return;
            }
            in.println("quit");
            in.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }

    private final BenchHttp web;
    private final EmbeddedApiServer server;
    private final String operatorJava;
    private final List<String> operatorJvm;

    private OperatorBench(EmbeddedApiServer server, List<String> operatorJvm) {
        this.server = server;
        this.web = new BenchHttp(server.url());
        this.operatorJvm = List.copyOf(operatorJvm);
        this.operatorJava = System.getProperty("bench.operator.java",
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        for (String a : args) {
            if (a.startsWith("-Dbench.")) {
                int eq = a.indexOf('=');
                System.setProperty(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "" : a.substring(eq + 1));
            }
        }
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            OperatorBench bench = new OperatorBench(server, Arrays.asList(args));
            bench.header();
            bench.run();
        }
        System.out.printf(Locale.ROOT, "%nbenchmark finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
        System.exit(0); // the watch readers of this benchmark may still block on their streams
    }

    private void header() throws IOException, InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.out.println("=== kopf4j operator benchmark ===");
        System.out.printf(Locale.ROOT, "machine    %d available processors, %s %s%n", rt.availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "server JVM %s (%s), flags %s: the embedded API server, the load and the"
                        + " benchmark's watch%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"), ManagementFactory.getRuntimeMXBean().getInputArguments());
        Process v = new ProcessBuilder(operatorJava, "-version").redirectErrorStream(true).start();
        List<String> version = new BufferedReader(new InputStreamReader(v.getInputStream(), StandardCharsets.UTF_8))
                .lines().toList();
        v.waitFor();
        System.out.printf(Locale.ROOT, "operator   %s, flags %s: the operator alone, in a JVM of its own%n",
                version.size() > 1 ? version.get(1) : version, operatorJvm);
        System.out.printf(Locale.ROOT, "method     sizes %s after a warm-up run of %d (excluded); bursts of %d objects,"
                + " %d parallel creators per burst%n", sizes, warmupObjects, burst, creators);
    }

    private void run() throws Exception {
        setUp();

        System.out.println();
        System.out.println("--- reference: the server's sequential merge-patch rate (no operator running) ---");
        double patchRate = mergePatchRate();

        Path kubeconfig = server.kubeconfig();
        List<Result> results = new ArrayList<>();
        try (OperatorProcess operator = new OperatorProcess(operatorJava, operatorJvm, kubeconfig)) {
            Memory idle = operator.memory();
            System.out.println();
            System.out.printf(Locale.ROOT, "--- operator runs (pid %d; warm-up of %d first) ---%n", operator.pid,
                    warmupObjects);
            if (warmupObjects > 0) {
                Result warm = runOnce("op-warmup", warmupObjects, operator);
                print("warm-up", warm);
                deleteAll("op-warmup", warmupObjects);
            }
            Memory before = null;
            for (int i = 0; i < sizes.size(); i++) {
                int n = sizes.get(i);
                String ns = "op-" + n;
                boolean last = i == sizes.size() - 1;
                if (last) {
                    Thread.sleep(settleMillis);  // the deleted objects' workers idle out too
                    before = operator.memory();
                }
                Result r = runOnce(ns, n, operator);
                print("N=" + n, r);
                results.add(r);
                if (!last) {
                    deleteAll(ns, n);
                }
            }
            Memory handled = operator.memory();
            Thread.sleep(settleMillis);
            Memory settled = operator.memory();
            int n = sizes.get(sizes.size() - 1);
            System.out.println();
            System.out.printf(Locale.ROOT, "--- memory of the operator's JVM (after a full GC each time) ---%n");
            String[] labels = {"started, no objects", "before N=" + n, "N=" + n + " just handled",
                    String.format(Locale.ROOT, "N=%d, %.0f s later", n, settleMillis / 1000.0)};
            Memory[] figures = {idle, before, handled, settled};
            for (int k = 0; k < labels.length; k++) {
                System.out.printf(Locale.ROOT, "%-22s %s%n", labels[k], figures[k].line());
            }
            System.out.println("(before N=" + n + ": the earlier runs' objects deleted and idled out)");
            System.out.printf(Locale.ROOT, "per object (heap growth from before N=%d to %.0f s after it, / %d): %.0f"
                            + " bytes; RSS %.1f MiB against the aim of 150 MB (%.1f MiB): %.2f x%n", n,
                    settleMillis / 1000.0, n, (settled.heapUsed - before.heapUsed) / (double) n,
                    settled.rssKiB / 1024.0, 150e6 / MIB, settled.rssKiB * 1024.0 / 150e6);
            if (settled.errors > 0) {
                System.out.println("operator errors: " + settled.errors + " (see its log above)");
            }
            System.out.printf(Locale.ROOT, "(the server's JVM: RSS %s, peak %s)%n", procStatus("VmRSS"),
                    procStatus("VmHWM"));
            if (histogramLines > 0) {
                System.out.println();
                System.out.println("--- the operator's class histogram at the end (jcmd GC.class_histogram) ---");
                operator.histogram(histogramLines).forEach(System.out::println);
            }
            if (operatorJvm.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking="))) {
                System.out.println();
                System.out.println("--- the operator's native memory at the end (jcmd VM.native_memory summary) ---");
                operator.jcmd("VM.native_memory", "summary").stream()
                        .filter(l -> l.startsWith("Total") || l.startsWith("-") || l.contains("(mmap:"))
                        .forEach(System.out::println);
            }
            if (restart) {
                System.out.println();
                System.out.printf(Locale.ROOT, "--- a new operator JVM, started with the %d objects of N=%d in the"
                        + " cluster (all handled already) ---%n", n, n);
                operator.close();
                long t0 = System.nanoTime();
                try (OperatorProcess second = new OperatorProcess(operatorJava, operatorJvm, kubeconfig)) {
                    double ready = (System.nanoTime() - t0) / 1e9;
                    Map<String, Long> trafficAfterStart = second.traffic();
                    Thread.sleep(settleMillis);
                    Memory restarted = second.memory();
                    Map<String, Long> traffic = second.traffic();
                    System.out.printf(Locale.ROOT, "listed and ready in %.1f s (JVM start included); requests until"
                            + " ready %s, in the %.0f s after %s%n", ready, trafficAfterStart, settleMillis / 1000.0,
                            traffic);
                    System.out.printf(Locale.ROOT, "%-22s %s%n", String.format(Locale.ROOT, "%.0f s after ready",
                            settleMillis / 1000.0), restarted.line());
                    if (restarted.errors > 0) {
                        System.out.println("operator errors: " + restarted.errors + " (see its log above)");
                    }
                }
            }
            long hold = Long.getLong("bench.holdSeconds", 0);
            if (hold > 0) {
                System.out.printf(Locale.ROOT, "holding for %d s (operator pid %d)%n", hold, operator.pid);
                Thread.sleep(hold * 1000);
            }
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

    private Result runOnce(String ns, int n, OperatorProcess operator) throws Exception {
        BenchHttp.expect(web.send(BenchHttp.json(HttpRequest.newBuilder(web.uri("/api/v1/namespaces")), "POST",
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}")), 201);
        long rvBefore = currentRv();

        long[] sent = new long[n];
        long[] returned = new long[n];
        long[] handled = new long[n];
        CountDownLatch all = new CountDownLatch(n);
        AtomicReference<String> failure = new AtomicReference<>();
        Stream<String> watch = watch(ns, rvBefore, handled, all, failure);

        Map<String, Long> trafficBefore = operator.traffic();
        long cpuBefore = operator.ask("cpu").path("cpuNanos").asLong();
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            for (int start = 0; start < n; start += burst) {
                int end = Math.min(n, start + burst);
                List<Future<?>> bursting = new ArrayList<>();
                int per = (end - start + creators - 1) / creators;
                for (int c = 0; c < creators; c++) {
                    int from = start + c * per;
                    int to = Math.min(end, from + per);
                    bursting.add(pool.submit(() -> {
                        for (int i = from; i < to; i++) {
                            sent[i] = System.nanoTime();
                            create(ns, "obj-" + i);
                            returned[i] = System.nanoTime();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : bursting) {
                    f.get();
                }
            }
        } finally {
            pool.shutdown();
        }
        long lastReturned = Arrays.stream(returned).max().orElseThrow();
        if (!all.await(Math.max(60, n / 20), TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException(all.getCount() + " of " + n + " objects not handled"
                    + (failure.get() == null ? "" : ": " + failure.get()));
        }
        watch.close();
        long first = Arrays.stream(sent).min().orElseThrow();
        long last = Arrays.stream(handled).max().orElseThrow();

        // Wait until the operator is quiet (no request for bench.quietMillis), so that every write of the run is counted.
        long total = operator.totalRequests();
        while (true) {
            Thread.sleep(quietMillis);
            long now = operator.totalRequests();
            if (now == total) {
                break;
            }
            total = now;
        }
        long cpu = operator.ask("cpu").path("cpuNanos").asLong() - cpuBefore;
        long rvAfter = currentRv();
        Map<String, Long> delta = new LinkedHashMap<>();
        long writes = 0;
        long reads = 0;
        for (Map.Entry<String, Long> e : operator.traffic().entrySet()) {
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
                writes / (double) n, reads / (double) n, rvAfter - rvBefore - n, delta, negative, cpu);
    }

    private static void print(String label, Result r) {
        System.out.printf(Locale.ROOT, "%-8s %7.0f objects handled/s (created at %.0f/s); create->handled p50 %.0f ms,"
                + " p99 %.0f ms, max %.0f ms%n", label, r.handledPerSecond, r.createdPerSecond, r.p50, r.p99, r.max);
        System.out.printf(Locale.ROOT, "         operator writes %.2f per object, reads %.3f per object; server"
                + " writes besides the creates: %d (%.2f per object)%n", r.writesPerObject, r.readsPerObject,
                r.serverWrites, r.serverWrites / (double) r.n);
        System.out.printf(Locale.ROOT, "         operator CPU time %.1f s, %.0f us per object (all its threads, from the"
                + " first create until it was quiet)%n", r.operatorCpuNanos / 1e9, r.operatorCpuNanos / 1e3 / r.n);
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
        ExecutorService pool = Executors.newFixedThreadPool(creators);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < creators; c++) {
                int from = c;
                fs.add(pool.submit(() -> {
                    for (int i = from; i < n; i += creators) {
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
        Thread.sleep(quietMillis);
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
        runFor(warmupMillis, op);
        double[] rates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            rates[i] = runFor(roundMillis, op);
        }
        Arrays.sort(rates);
        double median = rates[rounds / 2];
        System.out.printf(Locale.ROOT, "merge-patch of a custom resource (spec.counter) %8.0f /s [%.0f-%.0f]"
                + "  = %7.1f us each%n", median, rates[0], rates[rounds - 1], 1e6 / median);
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
