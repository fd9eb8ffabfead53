package io.kopf4j.examples.children;

import io.kopf4j.Body;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Spec;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kopf's example 02: every KopfExample gets a Pod as its child. {@link Kopf#adopt} gives the pod an owner reference to
 * the KopfExample (so the cluster deletes the pod with it), a name derived from the owner's, its namespace and its
 * labels. The pod's uid goes into {@code status.create_fn.children}, a printer column of the CRD.
 *
 * <p>The operator talks to the cluster through its own client, as Kopf's example does with pykube: pass the client
 * of the cluster the operator runs against.
 */
public class ChildrenOperator {
    private final ApiClient client;

    /** @param client the cluster to create the pods in */
    public ChildrenOperator(ApiClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @On.Create(value = "kopfexamples", id = "create_fn")
    Map<String, Object> createFn(Spec spec, Body body, Logger logger) throws ApiException {
        Object duration = spec.get("duration");
        Object field = spec.get("field");
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod").spec(new V1PodSpec().addContainersItem(new V1Container()
                .name("the-only-one")
                .image("busybox")
                .command(List.of("sh", "-x", "-c"))
                .args(List.of("echo \"FIELD=$FIELD\"\nsleep " + (duration == null ? 0 : duration) + "\n"))
                .addEnvItem(new V1EnvVar().name("FIELD").value(field == null ? "default-value" : field.toString()))));

        // Make it our child: the owner reference, a name derived from ours, our namespace and our labels.
        Kopf.adopt(pod, body);

        V1Pod created = new CoreV1Api(client).createNamespacedPod(pod.getMetadata().getNamespace(), pod).execute();
        logger.info("Created the pod {}", created.getMetadata().getName());
        return Map.of("children", List.of(created.getMetadata().getUid()));
    }
}
