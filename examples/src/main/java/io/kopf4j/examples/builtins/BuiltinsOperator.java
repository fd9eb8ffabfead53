package io.kopf4j.examples.builtins;

import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.On;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Kopf's example 10: handlers for a built-in resource, Pods. Every pod outside the {@code kube-*} namespaces lives
 * for at most 30 seconds from its creation, or from the operator's start for pods that existed before: then the
 * operator deletes it (chaos engineering, for fun). A pod deleted earlier has its killing cancelled.
 *
 * <p>The non-optional delete handler makes the operator put its finalizer on every pod it serves, as in Kopf.
 */
public class BuiltinsOperator {
    private final ApiClient client;
    private final Duration lifetime;
    private final ScheduledExecutorService killers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pod-killer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();

    /** Pods live for 30 seconds. */
    public BuiltinsOperator(ApiClient client) {
        this(client, Duration.ofSeconds(30));
    }

    /**
     * @param client   the cluster to delete the pods in
     * @param lifetime how long a pod may live
     */
    public BuiltinsOperator(ApiClient client, Duration lifetime) {
        this.client = Objects.requireNonNull(client, "client");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    @On.Resume("pods")
    @On.Create("pods")
    void podInSight(Namespace namespace, Name name, Logger logger) {
        if (namespace.value().startsWith("kube-")) {
            return;
        }
        logger.info("=== Pod killing happens in {}s.", lifetime.toSeconds());
        tasks.put(namespace.value() + "/" + name.value(), killers.schedule(() -> kill(namespace.value(), name.value(),
                logger), lifetime.toMillis(), TimeUnit.MILLISECONDS));
    }

    @On.Delete("pods")
    void podDeleted(Namespace namespace, Name name, Logger logger) {
        ScheduledFuture<?> task = tasks.remove(namespace.value() + "/" + name.value());
        if (task != null && task.cancel(false)) {
            logger.info("=== Pod killing is cancelled!");
        }
    }

    @On.Cleanup
    void stopKilling() {
        killers.shutdownNow();
    }

    private void kill(String namespace, String name, Logger logger) {
        tasks.remove(namespace + "/" + name);
        logger.info("=== Pod killing happens NOW!");
        try {
            new CoreV1Api(client).deleteNamespacedPod(name, namespace).execute();
        } catch (ApiException e) {
            logger.warn("=== Pod killing failed: {} {}", e.getCode(), e.getResponseBody());
        }
    }
}
