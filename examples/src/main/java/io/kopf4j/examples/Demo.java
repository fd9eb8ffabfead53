package io.kopf4j.examples;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Yaml;
import okhttp3.Call;

import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The demo: an embedded API server driven through client-java, the way an operator drives a cluster. It applies the
 * KopfExample CRD, creates an object, watches it while it is patched and deleted with a finalizer, and shows an
 * unavailable aggregated API answering 503 while everything else keeps working.
 */
final class Demo {
    private static final String GROUP = "kopf.dev";
    private static final String VERSION = "v1";
    private static final String PLURAL = "kopfexamples";

    private Demo() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Instant started = Instant.now();
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            out.println("1. Embedded API server at " + server.url() + " (kubeconfig: " + server.kubeconfig() + ")");
            ApiClient client = server.client();

            V1CustomResourceDefinition crd;
            try (Reader r = new InputStreamReader(Demo.class.getResourceAsStream("/crd.yaml"),
                    StandardCharsets.UTF_8)) {
                crd = Yaml.loadAs(r, V1CustomResourceDefinition.class);
            }
            new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
            out.println("2. Applied CRD " + crd.getMetadata().getName() + "; it is established at once");

            CustomObjectsApi api = new CustomObjectsApi(client);
            List<String> seen = new CopyOnWriteArrayList<>();
            Thread watcher = new Thread(() -> watch(client, api, seen, out), "demo-watch");
            watcher.setDaemon(true);
            watcher.start();
            Thread.sleep(200);

            Map<String, Object> body = Map.of(
                    "apiVersion", GROUP + "/" + VERSION, "kind", "KopfExample",
                    "metadata", Map.of("name", "kopf-example-1", "labels", Map.of("somelabel", "somevalue")),
                    "spec", Map.of("duration", "1m", "field", "value", "items", List.of("item1", "item2")));
            api.createNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, body).execute();
            out.println("3. Created kopfexamples/kopf-example-1");

            patch(client, api, "{\"metadata\":{\"finalizers\":[\"kopf.zalando.org/KopfFinalizerMarker\"]},"
                    + "\"spec\":{\"field\":\"changed\"}}", false);
            out.println("4. Merge-patched the spec and added a finalizer");
            patch(client, api, "{\"status\":{\"create_fn\":{\"message\":\"hello world\"}}}", true);
            out.println("5. Patched the status through the /status subresource");

            api.deleteNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "kopf-example-1").execute();
            out.println("6. Deleted it: the finalizer keeps it, with a deletionTimestamp");
            patch(client, api, "{\"metadata\":{\"finalizers\":null}}", false);
            out.println("7. Removed the finalizer: now it is gone");

            var apiService = Map.of("apiVersion", "apiregistration.k8s.io/v1", "kind", "APIService",
                    "metadata", Map.of("name", "v1beta1.metrics.k8s.io"),
                    "spec", Map.of("group", "metrics.k8s.io", "version", "v1beta1", "groupPriorityMinimum", 100,
                            "versionPriority", 100,
                            "service", Map.of("name", "metrics-server", "namespace", "kube-system")));
            new CustomObjectsApi(client).createClusterCustomObject("apiregistration.k8s.io", "v1", "apiservices",
                    apiService).execute();
            try {
                new CustomObjectsApi(client).getAPIResources("metrics.k8s.io", "v1beta1").execute();
            } catch (ApiException e) {
                out.println("8. Registered an unavailable aggregated API: /apis/metrics.k8s.io/v1beta1 answers "
                        + e.getCode() + " (" + e.getResponseBody().trim() + "), as on OpenShift");
            }

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            out.println("9. The watch saw " + seen.size() + " events: " + String.join(", ", seen));
            out.println("Done in " + Duration.between(started, Instant.now()).toMillis() + " ms.");
            return seen.contains("DELETED") ? 0 : 1;
        }
    }

    private static void patch(ApiClient client, CustomObjectsApi api, String json, boolean status)
            throws ApiException {
        PatchUtils.patch(Object.class, () -> status
                ? api.patchNamespacedCustomObjectStatus(GROUP, VERSION, "default", PLURAL, "kopf-example-1",
                        new V1Patch(json)).buildCall(null)
                : api.patchNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, "kopf-example-1",
                        new V1Patch(json)).buildCall(null),
                V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }

    private static void watch(ApiClient client, CustomObjectsApi api, List<String> seen, PrintStream out) {
        Type type = new com.google.gson.reflect.TypeToken<Watch.Response<Map<String, Object>>>() { }.getType();
        try {
            Call call = api.listNamespacedCustomObject(GROUP, VERSION, "default", PLURAL).watch(true)
                    .timeoutSeconds(10).buildCall(null);
            try (Watch<Map<String, Object>> w = Watch.createWatch(client, call, type)) {
                for (Watch.Response<Map<String, Object>> e : w) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> meta = (Map<String, Object>) e.object.get("metadata");
                    seen.add(e.type);
                    out.println("   watch: " + e.type + " " + meta.get("name") + " rv=" + meta.get("resourceVersion"));
                    if (e.type.equals("DELETED")) {
                        return;
                    }
                }
            }
        } catch (Exception e) {
            out.println("   watch ended: " + e);
        }
    }
}
