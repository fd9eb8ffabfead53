package io.kopf4j.examples.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.examples.Manifests;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.util.PatchUtils;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster side of the examples' tests: the manifests applied to an embedded API server, KopfExample objects made
 * from {@code examples/obj.yaml}, pods, and reads of everything an operator leaves on the server (status,
 * annotations, finalizers, Events), all through client-java as a user's test would do it.
 */
public final class ExampleCluster {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String FINALIZER = "kopf.zalando.org/KopfFinalizerMarker";
    public static final String LAST_HANDLED = "kopf.zalando.org/last-handled-configuration";
    private static final String GROUP = "kopf.dev";
    private static final String VERSION = "v1";
    private static final String PLURAL = "kopfexamples";
    private static final String NAMESPACE = "default";

    private final ApiClient client;
    private final CustomObjectsApi objects;
    private final CoreV1Api core;

    private ExampleCluster(ApiClient client) {
        this.client = client;
        this.objects = new CustomObjectsApi(client);
        this.core = new CoreV1Api(client);
    }

    /** Applies the manifests (by default the KopfExample CRD) to a fresh server. */
    public static ExampleCluster install(ApiClient client, String... manifests) throws ApiException {
        Manifests.apply(client, manifests.length == 0 ? new String[]{Manifests.CRD} : manifests);
        return new ExampleCluster(client);
    }

    /** A cluster whose manifests are applied already. */
    public static ExampleCluster of(ApiClient client) {
        return new ExampleCluster(client);
    }

    public ApiClient client() {
        return client;
    }

    /** The object of {@code examples/obj.yaml}, under another name. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> obj(String name) {
        Map<String, Object> obj = Manifests.load(Manifests.OBJ).get(0);
        ((Map<String, Object>) obj.get("metadata")).put("name", name);
        return obj;
    }

    /** Creates the object of {@code examples/obj.yaml} under this name in {@code default}. */
    public JsonNode create(String name) throws ApiException {
        return create(obj(name));
    }

    public JsonNode create(Map<String, Object> object) throws ApiException {
        return JSON.valueToTree(objects.createNamespacedCustomObject(GROUP, VERSION, NAMESPACE, PLURAL, object)
                .execute());
    }

    public JsonNode get(String name) throws ApiException {
        return JSON.valueToTree(objects.getNamespacedCustomObject(GROUP, VERSION, NAMESPACE, PLURAL, name).execute());
    }

    /** The object, or empty when it is gone. */
    public Optional<JsonNode> find(String name) throws ApiException {
        try {
            return Optional.of(get(name));
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A JSON merge-patch of the object, as {@code kubectl patch --type merge -p '...'}. */
    public JsonNode patch(String name, String mergePatch) throws ApiException {
        return JSON.valueToTree(PatchUtils.patch(Object.class, () -> objects.patchNamespacedCustomObject(GROUP,
                VERSION, NAMESPACE, PLURAL, name, new V1Patch(mergePatch)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client));
    }

    public void delete(String name) throws ApiException {
        objects.deleteNamespacedCustomObject(GROUP, VERSION, NAMESPACE, PLURAL, name).execute();
    }

    /** Waits until the object is gone (its finalizers released). */
    public void awaitGone(String name) {
        eventually(() -> assertTrue(find(name).isEmpty(), name + " is still there"));
    }

    /**
     * Waits until the object's create/update cause is fully handled: its diff base is stored. Results in the status
     * may come a moment later (the status subresource is patched separately): wait for them with {@link #await}.
     */
    public JsonNode awaitHandled(String name) {
        eventually(() -> assertTrue(annotations(get(name)).has(LAST_HANDLED), name + " is handled"));
        try {
            return get(name);
        } catch (ApiException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the object satisfies the condition (e.g. a result in its status); returns it. */
    public JsonNode await(String name, java.util.function.Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        eventually(() -> {
            last[0] = get(name);
            assertTrue(condition.test(last[0]), name + " is not as expected: " + last[0]);
        });
        return last[0];
    }

    /** Waits until the object has a value at the path ({@code "status.create_fn.message"}); returns the value. */
    public JsonNode await(String name, String dottedPath) {
        return at(await(name, obj -> !at(obj, dottedPath).isMissingNode()), dottedPath);
    }

    /** The value at a dotted path (a missing node when absent). */
    public static JsonNode at(JsonNode obj, String dottedPath) {
        JsonNode node = obj;
        for (String key : dottedPath.split("\\.")) {
            node = node.path(key);
        }
        return node;
    }

    /** The Events in {@code default} about the named object. */
    public List<JsonNode> events(String name) throws ApiException {
        List<JsonNode> out = new ArrayList<>();
        JsonNode items = tree(core.listNamespacedEvent(NAMESPACE).execute()).path("items");
        for (JsonNode e : items) {
            if (e.path("involvedObject").path("name").asText().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Creates a pod that runs busybox (the embedded server does not run it: it stays Pending). */
    public V1Pod createPod(String namespace, String name, Map<String, String> labels) throws ApiException {
        V1Pod pod = new V1Pod().apiVersion("v1").kind("Pod")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace).labels(new LinkedHashMap<>(labels)))
                .spec(new V1PodSpec().addContainersItem(new V1Container().name("main").image("busybox")));
        return core.createNamespacedPod(namespace, pod).execute();
    }

    public Optional<V1Pod> findPod(String namespace, String name) throws ApiException {
        try {
            return Optional.of(core.readNamespacedPod(name, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public List<V1Pod> pods(String namespace, String labelSelector) throws ApiException {
        return core.listNamespacedPod(namespace).labelSelector(labelSelector).execute().getItems();
    }

    public void deletePod(String namespace, String name) throws ApiException {
        core.deleteNamespacedPod(name, namespace).execute();
    }

    /** Sets a pod's {@code status.phase}, as the kubelet would. */
    public void podPhase(String namespace, String name, String phase) throws ApiException {
        PatchUtils.patch(V1Pod.class, () -> core.patchNamespacedPodStatus(name, namespace,
                new V1Patch("{\"status\":{\"phase\":\"" + phase + "\"}}")).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    /** A client-java model as JSON, written by client-java's own JSON (it knows the models' date-times). */
    public JsonNode tree(Object model) {
        try {
            return JSON.readTree(client.getJSON().serialize(model));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static JsonNode annotations(JsonNode obj) {
        return obj.path("metadata").path("annotations");
    }

    /** The object's finalizers, in order. */
    public static List<String> finalizers(JsonNode obj) {
        List<String> out = new ArrayList<>();
        obj.path("metadata").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }

    /** The keys of kopf4j's per-handler progress annotations (purged once a cause is handled). */
    public static List<String> progressKeys(JsonNode obj) {
        List<String> out = new ArrayList<>();
        annotations(obj).fieldNames().forEachRemaining(k -> {
            if (k.startsWith("kopf.zalando.org/") && !k.equals(LAST_HANDLED)) {
                out.add(k);
            }
        });
        return out;
    }

    /** A check that may call the API. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** Waits up to 30 s until the check passes (it throws AssertionError until then). */
    public static void eventually(Check check) {
        eventually(Duration.ofSeconds(30), check);
    }

    public static void eventually(Duration timeout, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            } catch (Exception e) {
                fail(e);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting", e);
            }
        }
    }
}
