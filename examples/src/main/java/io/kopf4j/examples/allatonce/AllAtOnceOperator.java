package io.kopf4j.examples.allatonce;

import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.Events;
import io.kopf4j.Kopf;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.On;
import io.kopf4j.Retry;
import io.kopf4j.TemporaryError;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kopf's example 99: many features in one operator, for development and debugging: startup handlers (one retried),
 * a cleanup handler, several create handlers (one posting Events, one failing once and retried, one creating a child
 * pod), update and field handlers, a delete handler, and an event handler for the child pods only (label filter).
 */
public class AllAtOnceOperator {
    /** The label of the pods this operator creates, and the only pods its event handler sees. */
    public static final String POD_LABEL = "application";
    public static final String POD_LABEL_VALUE = "kopf-example-10";

    private final ApiClient client;

    /** @param client the cluster to create the child pods in */
    public AllAtOnceOperator(ApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @On.Startup
    void startupFnSimple(Logger logger) throws InterruptedException {
        logger.info("Starting in 1s...");
        Thread.sleep(1000);
    }

    @On.Startup
    void startupFnRetried(Retry retry, Logger logger) {
        if (retry.attempt() < 3) {
            throw new TemporaryError("Going to succeed in " + (3 - retry.attempt()) + "s", Duration.ofSeconds(1));
        }
        logger.info("Starting retried...");
    }

    @On.Cleanup
    void cleanupFn(Logger logger) throws InterruptedException {
        logger.info("Cleaning up in 1s...");
        Thread.sleep(1000);
    }

    @On.Create("kopfexamples")
    Map<String, Object> create1(Body body, Events events) {
        List<Object> children = createChildren(body);

        events.info(body, "AnyReason", "");
        events.event(body, "Warning", "SomeReason", "Cannot do something");
        for (Object child : children) {
            events.event(child, "Normal", "SomeReason", "Created as part of the job1step");
        }
        return Map.of("job1-status", 100);
    }

    /** Fails on the first attempt with an arbitrary exception, retried a second later (Kopf: the default 60 s). */
    @On.Create(value = "kopfexamples", backoff = 1)
    Map<String, Object> create2(Retry retry) throws InterruptedException {
        waitForSomething();   // e.g. polling an external API
        if (retry.attempt() == 0) {
            throw new IllegalStateException("Whoops!");   // retried by the framework, even after a restart
        }
        return Map.of("job2-status", 100);
    }

    @On.Update("kopfexamples")
    void update(Diff diff, Logger logger) {
        logger.info("Handling the diff: {}", diff);
    }

    @On.Field(value = "kopfexamples", field = "spec.lst")
    void updateLst(Old old, New newValue, Logger logger) {
        logger.info("Handling the FIELD = {} -> {}", old.json(), newValue.json());
    }

    @On.Delete("kopfexamples")
    void delete(Logger logger) {
        logger.info("Deleted, really deleted.");
    }

    @On.Create("kopfexamples")
    void createPod(Body body, Logger logger) throws ApiException {
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod").spec(new V1PodSpec().addContainersItem(new V1Container()
                .name("the-only-one")
                .image("busybox")
                .command(List.of("sh", "-x", "-c", "sleep 1"))));

        // Make it our child (owner reference, name, namespace, our labels), with a label of its own.
        Kopf.adopt(pod, body);
        Kopf.label(pod, Map.of(POD_LABEL, POD_LABEL_VALUE));

        V1Pod created = new CoreV1Api(client).createNamespacedPod(pod.getMetadata().getNamespace(), pod).execute();
        logger.info("Created the pod {}", created.getMetadata().getName());
    }

    @On.Event(value = "pods", labels = POD_LABEL + "=" + POD_LABEL_VALUE)
    void examplePodChange(Logger logger) {
        logger.info("This pod is special for us.");
    }

    /** The children of the first create handler: none here, as in Kopf's example. */
    private static List<Object> createChildren(Body owner) {
        return List.of();
    }

    /** Blocks the handler's thread for a while, as a slow external call would. */
    private static void waitForSomething() throws InterruptedException {
        Thread.sleep(1000);
    }
}
