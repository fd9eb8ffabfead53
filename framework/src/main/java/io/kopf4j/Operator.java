package io.kopf4j;

import io.kubernetes.client.openapi.ApiClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An operator embedded in a larger application: configure, {@link #start()}, {@link #awaitReady}, and
 * {@link #close()} to stop it gracefully. Obtained from {@code Kopf.operator(...)}.
 */
public interface Operator extends AutoCloseable {
    /** Adjusts the settings before start (the startup handlers may adjust them further). */
    Operator settings(Consumer<OperatorSettings> configure);

    /** The cluster to talk to; default: the kubeconfig or in-cluster credentials. */
    Operator client(ApiClient client);

    /** Namespace patterns to serve (globs, {@code !} exclusions); none given: cluster-wide. */
    Operator namespaces(String... patterns);

    /** The operator-wide memo, shallow-copied into each object's memo. */
    Operator memo(Map<String, Object> memo);

    /** Starts in the background; returns at once. */
    Operator start();

    /** Waits until the startup handlers ran and every watch listed its objects; false on timeout. */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /**
     * Unexpected failures of the operator itself while it ran (not handler errors, which are retried and recorded on
     * the objects): what a test should see empty.
     */
    List<Throwable> errors();

    /** Posts Events from outside handlers. */
    Events events();

    /** Stops gracefully: running handlers finish (bounded), then cleanup handlers run. */
    @Override
    void close();
}
