package io.kopf4j.embedded;

import io.kopf4j.embedded.internal.FaultRules;
import io.kopf4j.embedded.internal.Store;

import java.time.Duration;
import java.util.Objects;

/**
 * Fault injection for resilience tests: failed and delayed requests, cut watch streams, a compacted watch history,
 * and restarts of the server. Obtained from {@link EmbeddedApiServer#faults()}.
 *
 * <p>Rules match a request by HTTP method ({@code "*"} for any) and a regular expression that must match the whole
 * request path (no query string), e.g. {@code "/apis/metrics\\.k8s\\.io/.*"}. A rule with {@code times} below zero
 * applies for ever; {@link #clear()} removes every rule.
 */
public final class Faults {
    private final FaultRules rules;
    private final Store store;
    private final EmbeddedApiServer server;

    Faults(FaultRules rules, Store store, EmbeddedApiServer server) {
        this.rules = rules;
        this.store = store;
        this.server = server;
    }

    /**
     * Fails the next {@code times} matching requests with {@code status}, answered as the real server's
     * {@code Status} object for that code (429 and 503 carry {@code Retry-After: 1}).
     */
    public Faults fail(String method, String pathRegex, int status, int times) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an injected failure needs a 4xx or 5xx status, not " + status);
        }
        rules.add(method, pathRegex, new FaultRules.Action(status, null, null, null), times);
        return this;
    }

    /** Answers the next {@code times} matching requests with exactly this status, content type and body. */
    public Faults respond(String method, String pathRegex, int status, String contentType, String body, int times) {
        Objects.requireNonNull(body, "body");
        rules.add(method, pathRegex, new FaultRules.Action(status, contentType, body, null), times);
        return this;
    }

    /** Delays the next {@code times} matching requests by {@code delay} before they are served. */
    public Faults delay(String method, String pathRegex, Duration delay, int times) {
        rules.add(method, pathRegex, new FaultRules.Action(0, null, null, delay), times);
        return this;
    }

    /** Removes every rule. */
    public Faults clear() {
        rules.clear();
        return this;
    }

    /** Ends every open watch stream (the chunked response ends normally); returns how many were open. */
    public int cutWatches() {
        return store.cutWatches();
    }

    /** The number of watch streams open now. */
    public int openWatches() {
        return store.openWatches();
    }

    /**
     * Forgets the watch history up to now, as etcd compaction does: a watch resuming from any earlier
     * resourceVersion gets an ERROR event with a 410 Expired Status.
     */
    public void compactHistory() {
        store.compact();
    }

    /** Drops every connection and listens again on the same port; the stored state is kept. */
    public void restart() {
        server.restart();
    }
}
