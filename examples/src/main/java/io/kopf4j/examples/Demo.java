package io.kopf4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kopf4j.Kopf;
import io.kopf4j.Operator;
import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.util.PatchUtils;
import io.kubernetes.client.util.Yaml;

import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The demo: the example operator run against an embedded API server, driven the way a user drives a cluster.
 * It creates a KopfExample, changes it, deletes it, and shows what the handlers did to it on the server: the results
 * in its status, the finalizer held until the delete handler ran, and the Events posted.
 */
final class Demo {
    private static final String GROUP = "kopf.dev";
    private static final String VERSION = "v1";
    private static final String PLURAL = "kopfexamples";
    private static final String NAME = "kopf-example-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Demo() {
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Instant started = Instant.now();
        try (EmbeddedApiServer server = EmbeddedApiServer.builder().build().start()) {
            out.println("1. Embedded Kubernetes API server at " + server.url());
            out.println("   (kubectl --kubeconfig " + server.kubeconfig() + " get kopfexamples, while it runs)");
            ApiClient client = server.client();
            V1CustomResourceDefinition crd;
            try (Reader r = new InputStreamReader(Demo.class.getResourceAsStream("/crd.yaml"),
                    StandardCharsets.UTF_8)) {
                crd = Yaml.loadAs(r, V1CustomResourceDefinition.class);
            }
            new ApiextensionsV1Api(client).createCustomResourceDefinition(crd).execute();
            out.println("2. Applied the CRD " + crd.getMetadata().getName());

            try (Operator operator = Kopf.operator(new ExampleOperator()).client(client)) {
                operator.start();
                if (!operator.awaitReady(Duration.ofSeconds(30))) {
                    out.println("The operator did not get ready.");
                    return 1;
                }
                out.println("3. Started the example operator (create, update-on-field and delete handlers)");
                CustomObjectsApi api = new CustomObjectsApi(client);

                api.createNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, Map.of(
                        "apiVersion", GROUP + "/" + VERSION, "kind", "KopfExample",
                        "metadata", Map.of("name", NAME),
                        "spec", Map.of("duration", "1m", "field", "value", "items", List.of("item1", "item2"))))
                        .execute();
                out.println("4. Created kopfexamples/" + NAME);
                JsonNode obj = await(api, o -> o.path("status").has("created"));
                out.println("   the create handler stored status.created = " + obj.path("status").path("created"));
                out.println("   finalizers: " + obj.path("metadata").path("finalizers"));

                patch(client, api, "{\"spec\":{\"field\":\"changed\"}}");
                out.println("5. Changed spec.field");
                obj = await(api, o -> "changed".equals(o.path("status").path("fieldSeen").asText()));
                out.println("   the field handler stored status.fieldSeen = " + obj.path("status").path("fieldSeen"));

                api.deleteNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, NAME).execute();
                out.println("6. Deleted it: the finalizer holds it until the delete handler has run...");
                awaitGone(api);
                out.println("   ...and now it is gone");

                List<CoreV1Event> events = new CoreV1Api(client).listNamespacedEvent("default").execute().getItems();
                out.println("7. Events posted by the operator: " + events.size());
                for (CoreV1Event e : events) {
                    out.println("   " + e.getType() + " " + e.getReason() + ": " + e.getMessage() + " (about "
                            + e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName() + ")");
                }
                if (!operator.errors().isEmpty()) {
                    out.println("The operator reported errors: " + operator.errors());
                    return 1;
                }
            }
            out.println("8. Stopped the operator. Done in " + Duration.between(started, Instant.now()).toMillis()
                    + " ms.");
            return 0;
        }
    }

    private static JsonNode read(CustomObjectsApi api) throws ApiException {
        return JSON.valueToTree(api.getNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, NAME).execute());
    }

    private static JsonNode await(CustomObjectsApi api, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode obj = read(api);
        while (!condition.test(obj)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the operator did not do its part in time: " + obj);
            }
            Thread.sleep(20);
            obj = read(api);
        }
        return obj;
    }

    private static void awaitGone(CustomObjectsApi api) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                read(api);
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return;
                }
                throw e;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the object was not released in time");
    }

    private static void patch(ApiClient client, CustomObjectsApi api, String json) throws ApiException {
        PatchUtils.patch(Object.class, () -> api.patchNamespacedCustomObject(GROUP, VERSION, "default", PLURAL, NAME,
                new V1Patch(json)).buildCall(null), V1Patch.PATCH_FORMAT_JSON_MERGE_PATCH, client);
    }
}
