package io.kopf4j;

import io.kubernetes.client.openapi.ApiClient;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An operator embedded in a larger application: configure, {@link #start()}, {@link #awaitReady}, and
 * {@link #close()} to stop it gracefully. Obtained from {@code Kopf.operator(...)}.
 */
public interface Operator extends AutoCloseable {
    /** Adjusts the settings before start (the startup handlers may adjust them further). */
    Operator settings(Consumer<OperatorSettings> configure);

    /**
     * The cluster to talk to when there is no {@link On.Login} handler (login handlers, if any, decide instead);
     * default: the kubeconfig, else the in-cluster service account. When the server rejects this client's
     * credentials (HTTP 401), it is not taken again: the operator stops with a {@link LoginError} unless a login
     * handler can give new credentials.
     */
    Operator client(ApiClient client);

    /** Namespace patterns to serve (globs, {@code !} exclusions); none given: cluster-wide. */
    Operator namespaces(String... patterns);

    /** The operator-wide memo, shallow-copied into each object's memo. */
    Operator memo(Map<String, Object> memo);

    /**
     * Serves the liveness probe at that URL once started, as {@code --liveness} does: {@code http://host:port/path}
     * answers GET with the {@link On.Probe} results as JSON (200), or 500 when a probe fails; results are reused for
     * 10 s. Beside it, {@code /metrics} answers in the Prometheus text format. Port 0 takes any free port (see
     * {@link #livenessUrl()}).
     */
    default Operator liveness(String url) {
        throw new UnsupportedOperationException("this operator serves no liveness endpoint");
    }

    /** Where the liveness probe is served, with the port actually bound; empty before start or without one. */
    default Optional<URI> livenessUrl() {
        return Optional.empty();
    }

    /**
     * Where the admission webhooks ({@link On.Validate}, {@link On.Mutate}) are served, with the port actually bound
     * ({@code settings.admission().server(...)} may ask for port 0); a handler's webhook is this URL plus
     * {@code /<handler id>}.
     *
     * @return the base URL, or empty before start or without admission handlers
     */
    default Optional<URI> webhookUrl() {
        return Optional.empty();
    }

    /**
     * Runs the startup handlers, then starts watching in the background and returns.
     *
     * @throws RuntimeException when a startup handler failed for good (the message names it and the reason)
     */
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
