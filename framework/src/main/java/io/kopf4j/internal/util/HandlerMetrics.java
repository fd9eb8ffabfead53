package io.kopf4j.internal.util;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts handler invocations and failures per handler id, for {@code /metrics}; thread-safe and cheap (one
 * {@link LongAdder} per id and counter). One per operator. Not API.
 */
public final class HandlerMetrics {
    /** Counts of one handler id. */
    public record Counts(long runs, long failures) {
    }

    private final Map<String, LongAdder> runs = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** One invocation of the handler, whatever its outcome. */
    public void ran(String handlerId) {
        runs.computeIfAbsent(handlerId, k -> new LongAdder()).increment();
    }

    /** One invocation of the handler that threw (temporarily or for good). */
    public void failed(String handlerId) {
        failures.computeIfAbsent(handlerId, k -> new LongAdder()).increment();
    }

    /** A snapshot, by handler id. */
    public Map<String, Counts> snapshot() {
        Map<String, Counts> out = new TreeMap<>();
        for (Map.Entry<String, LongAdder> e : runs.entrySet()) {
            LongAdder f = failures.get(e.getKey());
            out.put(e.getKey(), new Counts(e.getValue().sum(), f == null ? 0 : f.sum()));
        }
        for (Map.Entry<String, LongAdder> e : failures.entrySet()) {
            out.putIfAbsent(e.getKey(), new Counts(0, e.getValue().sum()));
        }
        return out;
    }
}
