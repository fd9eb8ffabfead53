package io.kopf4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import okhttp3.Interceptor;
import okhttp3.Request;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The operator of {@link OperatorBench}, alone in a JVM of its own, so that its memory is the operator's only: the
 * embedded API server and the benchmark's load and watch run in the parent process. It connects as {@code kopf run}
 * does (a kubeconfig file, the path given as the only argument), with an OkHttp interceptor counting its requests,
 * and starts one operator with one create handler ({@code -Dbench.workerLimit=N} sets its
 * {@code queueing.workerLimit}, {@code -Dbench.requestLimit=N} its {@code networking.requestLimit}, 0 for none). Then it answers the parent, one line of JSON per command read
 * from stdin:
 * <ul>
 *   <li>{@code traffic}: the operator's requests so far, by kind;</li>
 *   <li>{@code memory}: the process's {@code VmRSS} and {@code VmHWM} (KiB); then, after three {@code System.gc()},
 *       heap used and committed, non-heap used, the RSS again, the thread count, and the errors so far;</li>
 *   <li>{@code cpu}: the CPU time of the process so far (all its threads, the collector's included), in ns;</li>
 *   <li>{@code quit} (or the end of stdin): stops the operator and exits.</li>
 * </ul>
 * Its first line is {@code {"ready":true,"pid":...}} once the operator has listed. Logs go to stderr.
 */
public final class BenchOperatorProcess {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BenchOperatorProcess() {
    }

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
            Map<String, Long> m = new TreeMap<>();
            counts.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BenchOperatorProcess KUBECONFIG");
            System.exit(2);
        }
        PrintStream out = System.out;
        Traffic traffic = new Traffic();
        ApiClient client;
        try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
        }
        client.setHttpClient(client.getHttpClient().newBuilder().addInterceptor(traffic).build());
        int workerLimit = Integer.getInteger("bench.workerLimit", 0);
        Integer requestLimit = Integer.getInteger("bench.requestLimit");
        try (OperatorRunner runner = OperatorRunner.builder(new BenchOperator()).client(client)
                .settings(s -> {
                    if (workerLimit > 0) {
                        s.queueing().workerLimit(workerLimit);
                    }
                    if (requestLimit != null) {
                        s.networking().requestLimit(requestLimit);
                    }
                }).start()) {
            reply(out, Map.of("ready", true, "pid", ProcessHandle.current().pid()));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                switch (line) {
                    case "traffic" -> reply(out, traffic.snapshot());
                    case "memory" -> reply(out, memory(runner));
                    case "cpu" -> reply(out, Map.of("cpuNanos", cpuNanos()));
                    default -> reply(out, Map.of("error", "unknown command: " + line));
                }
            }
        }
        System.exit(0);
    }

    private static void reply(PrintStream out, Object value) throws IOException {
        out.println(MAPPER.writeValueAsString(value));
        out.flush();
    }

    private static Map<String, Object> memory(OperatorRunner runner) throws InterruptedException {
        // The RSS as the operator runs, before the collections below (which may shrink the heap).
        long rss = procStatusKiB("VmRSS");
        long hwm = procStatusKiB("VmHWM");
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("heapUsed", heap.getUsed());
        m.put("heapCommitted", heap.getCommitted());
        m.put("heapMax", heap.getMax());
        m.put("nonHeapUsed", nonHeap.getUsed());
        m.put("rssKiB", rss);
        m.put("hwmKiB", hwm);
        m.put("rssAfterGcKiB", procStatusKiB("VmRSS"));
        m.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        m.put("errors", runner.errors().size());
        return m;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** A {@code /proc/self/status} figure in KiB, or -1 where there is none (not Linux). */
    private static long procStatusKiB(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
