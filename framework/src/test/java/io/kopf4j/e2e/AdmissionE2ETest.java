package io.kopf4j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.AdmissionError;
import io.kopf4j.DryRun;
import io.kopf4j.Kopf;
import io.kopf4j.Labels;
import io.kopf4j.On;
import io.kopf4j.Operation;
import io.kopf4j.Operator;
import io.kopf4j.OperatorSettings;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import io.kopf4j.UserInfo;
import io.kopf4j.Warnings;
import io.kopf4j.WebhookServer;
import io.kopf4j.testing.OperatorRunner;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1RuleWithOperations;
import io.kubernetes.client.openapi.models.V1ValidatingWebhook;
import io.kubernetes.client.openapi.models.V1ValidatingWebhookConfiguration;
import io.kubernetes.client.openapi.apis.AdmissionregistrationV1Api;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.kopf4j.support.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Admission webhooks end to end: an operator with validating and mutating handlers serves its webhook server (plain
 * HTTP, any free port), which answers AdmissionReviews POSTed to it; with {@code admission.managed}, it writes the
 * Validating/MutatingWebhookConfigurations on the embedded server, keeps them current as resources appear, and
 * removes its non-persistent webhooks at exit.
 */
class AdmissionE2ETest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MANAGED = "auto.kopf.dev";

    static class Admitting {
        final List<Object> seen = new CopyOnWriteArrayList<>();

        @On.Validate("kopfexamples")
        void sizeRequired(Spec spec, Warnings warnings, DryRun dryRun, UserInfo user) {
            seen.add(user.username() + (dryRun.value() ? " (dry run)" : ""));
            Object size = spec.get("size");
            if (size == null) {
                throw new AdmissionError("spec.size is required", 422);
            }
            if (((Number) size).intValue() > 10) {
                warnings.add("spec.size " + size + " is large");
            }
        }

        @On.Validate(value = "kopfexamples", labels = "crash")
        void crashes() {
            throw new IllegalStateException("the backend's password is hunter2");
        }

        @On.Validate(value = "kopfexamples", operations = Operation.DELETE, persistent = true,
                labels = {"app=web", "!legacy"})
        void guardDeletion() {
        }

        @On.Mutate(value = "kopfexamples", operations = Operation.CREATE, sideEffects = true,
                ignoreFailures = true)
        void defaults(Labels labels, Spec spec, Patch patch) {
            if (!labels.containsKey("owner")) {
                patch.metadata().labels().put("owner", "kopf4j");
            }
            if (spec.get("size") == null) {
                patch.spec().put("size", 1);
            }
        }

        @On.Validate("kopfwidgets")
        void widgets(Warnings warnings) {
            warnings.add("widget checked");
        }
    }

    private static Consumer<OperatorSettings> webhooks(boolean managed) {
        return s -> {
            s.admission().server(WebhookServer.selfSigned().withInsecure(true).withAddress("127.0.0.1", 0));
            if (managed) {
                s.admission().managed(MANAGED);
            }
        };
    }

    private static OperatorRunner run(TestCluster cluster, Object op, boolean managed) {
        return OperatorRunner.builder(op).client(cluster.server.client()).settings(webhooks(managed)).start();
    }

    @Test
    void reviewsPostedToTheWebhookServerAreAnsweredByTheHandlers() throws Exception {
        Admitting op = new Admitting();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = run(cluster, op, false)) {
            String url = runner.operator().webhookUrl().orElseThrow().toString();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);

            JsonNode rejected = post(url + "/sizeRequired", review("v1", "CREATE", "{}", "{}", r -> { }));
            assertEquals("admission.k8s.io/v1", rejected.path("apiVersion").asText());
            assertEquals("uid-1", rejected.path("response").path("uid").asText());
            assertFalse(rejected.path("response").path("allowed").asBoolean());
            assertEquals(422, rejected.path("response").path("status").path("code").asInt());
            assertEquals("spec.size is required", rejected.path("response").path("status").path("message").asText());

            JsonNode warned = post(url + "/sizeRequired", review("v1beta1", "CREATE", "{}", "{\"size\":20}",
                    r -> { }));
            assertEquals("admission.k8s.io/v1beta1", warned.path("apiVersion").asText());
            assertTrue(warned.path("response").path("allowed").asBoolean());
            assertEquals("[\"spec.size 20 is large\"]", warned.path("response").path("warnings").toString());

            JsonNode mutated = post(url + "/defaults", review("v1", "CREATE", "{\"app\":\"web\"}", "{}", r -> { }));
            assertTrue(mutated.path("response").path("allowed").asBoolean());
            assertEquals("JSONPatch", mutated.path("response").path("patchType").asText());
            assertEquals(TestCluster.json("{\"p\":[{\"op\":\"add\",\"path\":\"/metadata/labels/owner\","
                    + "\"value\":\"kopf4j\"},{\"op\":\"add\",\"path\":\"/spec/size\",\"value\":1}]}").get("p"),
                    decodedPatch(mutated));

            post(url + "/sizeRequired", review("v1", "UPDATE", "{}", "{\"size\":2}",
                    r -> r.put("dryRun", true)));
            assertEquals(List.of("alice", "alice", "alice (dry run)"), op.seen);

            JsonNode crashed = post(url + "/crashes", review("v1", "CREATE", "{\"crash\":\"yes\"}", "{\"size\":1}",
                    r -> { }));
            assertFalse(crashed.path("response").path("allowed").asBoolean());
            assertEquals(500, crashed.path("response").path("status").path("code").asInt());
            String message = crashed.path("response").path("status").path("message").asText();
            assertEquals("The admission handler 'crashes' failed; the operator's log has the details", message);

            JsonNode all = post(url + "/", review("v1", "CREATE", "{}", "{}", r -> { }));
            assertFalse(all.path("response").path("allowed").asBoolean());
            assertFalse(all.path("response").has("patch"), "a rejected request carries no patch");
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void badWebhookRequestsGetA4xxAndReachNoHandler() throws Exception {
        Admitting op = new Admitting();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = run(cluster, op, false)) {
            String url = runner.operator().webhookUrl().orElseThrow().toString();
            assertEquals(405, send("GET", url + "/sizeRequired", null).statusCode());
            assertEquals(404, send("POST", url + "/nothing", review("v1", "CREATE", "{}", "{}", r -> { }))
                    .statusCode());
            HttpResponse<String> notJson = send("POST", url + "/sizeRequired", "{\"apiVersion\":");
            assertEquals(400, notJson.statusCode());
            assertTrue(notJson.body().startsWith("The body is not JSON"), notJson.body());
            HttpResponse<String> notReview = send("POST", url + "/sizeRequired",
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}");
            assertEquals(400, notReview.statusCode());
            assertEquals("Not an AdmissionReview: kind is 'Pod'\n", notReview.body());
            HttpResponse<String> otherResource = send("POST", url + "/sizeRequired",
                    review("v1", "CREATE", "{}", "{}", r -> ((ObjectNode) r.get("resource")).put("resource",
                            "configmaps").put("group", "")));
            assertEquals(404, otherResource.statusCode());
            assertEquals(List.of(), op.seen);
        }
    }

    @Test
    void managedConfigurationsAreWrittenAndNonPersistentWebhooksRemovedOnExit() throws Exception {
        Admitting op = new Admitting();
        try (TestCluster cluster = new TestCluster()) {
            AdmissionregistrationV1Api api = new AdmissionregistrationV1Api(cluster.server.client());
            String url;
            try (OperatorRunner runner = run(cluster, op, true)) {
                url = runner.operator().webhookUrl().orElseThrow().toString();
                V1ValidatingWebhookConfiguration validating = api.readValidatingWebhookConfiguration(MANAGED)
                        .execute();
                assertEquals(List.of("crashes.auto.kopf.dev", "guard-deletion.auto.kopf.dev",
                        "size-required.auto.kopf.dev"), names(validating.getWebhooks()));
                V1ValidatingWebhook size = validating.getWebhooks().get(2);
                assertEquals(url + "/sizeRequired", size.getClientConfig().getUrl());
                assertEquals("Fail", size.getFailurePolicy());
                assertEquals("None", size.getSideEffects());
                assertEquals(30, size.getTimeoutSeconds());
                assertEquals(List.of("v1", "v1beta1"), size.getAdmissionReviewVersions());
                V1RuleWithOperations rule = size.getRules().get(0);
                assertEquals(List.of("kopf.dev"), rule.getApiGroups());
                assertEquals(List.of("v1"), rule.getApiVersions());
                assertEquals(List.of("kopfexamples"), rule.getResources());
                assertEquals(List.of("*"), rule.getOperations());

                V1ValidatingWebhook guard = validating.getWebhooks().get(1);
                assertEquals(List.of("DELETE"), guard.getRules().get(0).getOperations());
                assertEquals(Map.of("app", "web"), guard.getObjectSelector().getMatchLabels());
                assertEquals("legacy", guard.getObjectSelector().getMatchExpressions().get(0).getKey());
                assertEquals("DoesNotExist", guard.getObjectSelector().getMatchExpressions().get(0).getOperator());

                V1MutatingWebhookConfiguration mutating = api.readMutatingWebhookConfiguration(MANAGED).execute();
                assertEquals(1, mutating.getWebhooks().size());
                assertEquals("defaults.auto.kopf.dev", mutating.getWebhooks().get(0).getName());
                assertEquals("Ignore", mutating.getWebhooks().get(0).getFailurePolicy());
                assertEquals("NoneOnDryRun", mutating.getWebhooks().get(0).getSideEffects());
                assertEquals(List.of("CREATE"), mutating.getWebhooks().get(0).getRules().get(0).getOperations());
                assertEquals(url + "/defaults", mutating.getWebhooks().get(0).getClientConfig().getUrl());
                assertEquals(List.of(), runner.errors());
            }
            assertEquals(List.of("guard-deletion.auto.kopf.dev"),
                    names(api.readValidatingWebhookConfiguration(MANAGED).execute().getWebhooks()));
            List<?> left = api.readMutatingWebhookConfiguration(MANAGED).execute().getWebhooks();
            assertTrue(left == null || left.isEmpty(), String.valueOf(left));
            assertThrows(IOException.class, () -> send("POST", url + "/sizeRequired", "{}"),
                    "the webhook server is stopped");
        }
    }

    @Test
    void resourcesThatAppearLaterGetTheirWebhooksAndReviews() throws Exception {
        Admitting op = new Admitting();
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = run(cluster, op, true)) {
            AdmissionregistrationV1Api api = new AdmissionregistrationV1Api(cluster.server.client());
            String url = runner.operator().webhookUrl().orElseThrow().toString();
            assertFalse(names(api.readValidatingWebhookConfiguration(MANAGED).execute().getWebhooks())
                    .contains("widgets.auto.kopf.dev"));
            assertEquals(404, send("POST", url + "/widgets", widgetReview()).statusCode());

            cluster.crd("kopf.dev", "kopfwidgets", "kopfwidget", "KopfWidget");
            eventually(WAIT, () -> {
                try {
                    V1ValidatingWebhookConfiguration validating = api.readValidatingWebhookConfiguration(MANAGED)
                            .execute();
                    assertTrue(names(validating.getWebhooks()).contains("widgets.auto.kopf.dev"),
                            names(validating.getWebhooks()).toString());
                } catch (io.kubernetes.client.openapi.ApiException e) {
                    throw new AssertionError(e);
                }
            });
            JsonNode answered = TestCluster.MAPPER.readTree(send("POST", url + "/widgets", widgetReview()).body());
            assertEquals("[\"widget checked\"]", answered.path("response").path("warnings").toString());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void handlersRegisteredInCodeGetTheAdmissionContext() throws Exception {
        io.kopf4j.Registry registry = Kopf.registry()
                .onValidate("kopfexamples", ctx -> {
                    ctx.warnings().add(ctx.operation() + " by " + ctx.userInfo().username()
                            + (ctx.dryRun().value() ? " (dry run)" : ""));
                    if (ctx.spec().get("size") == null) {
                        throw new AdmissionError("no size", 400);
                    }
                    return null;
                }, io.kopf4j.AdmissionOptions.builder().id("checked").build())
                .onMutate("kopfexamples", ctx -> {
                    ctx.patch().spec().put("size", 7);
                    return null;
                });
        try (TestCluster cluster = new TestCluster();
             OperatorRunner runner = OperatorRunner.builder(registry).client(cluster.server.client())
                     .settings(webhooks(false)).start()) {
            String url = runner.operator().webhookUrl().orElseThrow().toString();
            JsonNode checked = post(url + "/checked", review("v1", "CREATE", "{}", "{}", r -> r.put("dryRun", true)));
            assertEquals("[\"CREATE by alice (dry run)\"]", checked.path("response").path("warnings").toString());
            assertEquals("no size", checked.path("response").path("status").path("message").asText());
            JsonNode mutated = post(url + "/onMutate.kopfexamples", review("v1", "CREATE", "{}", "{}", r -> { }));
            assertEquals(TestCluster.json("{\"p\":[{\"op\":\"add\",\"path\":\"/spec/size\",\"value\":7}]}")
                    .get("p"), decodedPatch(mutated));
        }
    }

    static class Remembering {
        @On.Create("kopfexamples")
        void created(io.kopf4j.Memo memo) {
            memo.put("created", "yes");
        }

        @On.Validate(value = "kopfexamples", operations = Operation.UPDATE)
        void updated(io.kopf4j.Memo memo, Warnings warnings) {
            warnings.add("created: " + memo.getOrDefault("created", "unknown"));
        }
    }

    @Test
    void updatesShareTheObjectsMemoWithItsResourceHandlers() throws Exception {
        try (TestCluster cluster = new TestCluster(); OperatorRunner runner = OperatorRunner.builder(new Remembering())
                .client(cluster.server.client()).settings(webhooks(false)).start()) {
            JsonNode stored = cluster.create("kex", "{}");
            cluster.awaitHandled("kex");
            String url = runner.operator().webhookUrl().orElseThrow().toString();
            String object = stored.toString();
            String update = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{"
                    + "\"uid\":\"u\",\"resource\":{\"group\":\"kopf.dev\",\"version\":\"v1\",\"resource\":"
                    + "\"kopfexamples\"},\"operation\":\"UPDATE\",\"userInfo\":{\"username\":\"bob\"},"
                    + "\"object\":" + object + ",\"oldObject\":" + object + "}}";
            JsonNode answered = post(url + "/updated", update);
            assertEquals("[\"created: yes\"]", answered.path("response").path("warnings").toString());
            assertEquals(List.of(), runner.errors());
        }
    }

    @Test
    void admissionHandlersWithoutAServerFailTheStart() {
        try (TestCluster cluster = new TestCluster()) {
            Operator operator = Kopf.operator(new Admitting()).client(cluster.server.client());
            IllegalStateException e = assertThrows(IllegalStateException.class, operator::start);
            assertEquals("Admission handlers exist (Admitting.crashes, Admitting.defaults, "
                    + "Admitting.guardDeletion, Admitting.sizeRequired, Admitting.widgets), but no webhook server is "
                    + "configured: set settings.admission().server(...), e.g. to WebhookServer.selfSigned(), in an "
                    + "@On.Startup handler or with Operator.settings(...)", e.getMessage());
            operator.close();
        }
    }

    private static List<String> names(List<? extends Object> webhooks) {
        List<String> out = new ArrayList<>();
        if (webhooks != null) {
            for (Object w : webhooks) {
                out.add(w instanceof V1ValidatingWebhook v ? v.getName()
                        : ((io.kubernetes.client.openapi.models.V1MutatingWebhook) w).getName());
            }
        }
        return out;
    }

    /** A kopfexamples review from "alice" of a KopfExample with labels and spec (JSON texts). */
    private static String review(String version, String operation, String labels, String spec,
                                 Consumer<ObjectNode> change) {
        String object = "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"kex\","
                + "\"namespace\":\"default\",\"labels\":" + labels + "},\"spec\":" + spec + "}";
        ObjectNode review = TestCluster.json("{\"apiVersion\":\"admission.k8s.io/" + version + "\","
                + "\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"uid-1\","
                + "\"kind\":{\"group\":\"kopf.dev\",\"version\":\"v1\",\"kind\":\"KopfExample\"},"
                + "\"resource\":{\"group\":\"kopf.dev\",\"version\":\"v1\",\"resource\":\"kopfexamples\"},"
                + "\"name\":\"kex\",\"namespace\":\"default\",\"operation\":\"" + operation + "\","
                + "\"userInfo\":{\"username\":\"alice\",\"groups\":[\"system:authenticated\"]},"
                + "\"object\":" + object + ",\"oldObject\":" + (operation.equals("UPDATE") ? object : "null")
                + ",\"dryRun\":false}}");
        change.accept((ObjectNode) review.get("request"));
        return review.toString();
    }

    private static String widgetReview() {
        return "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"w\","
                + "\"resource\":{\"group\":\"kopf.dev\",\"version\":\"v1\",\"resource\":\"kopfwidgets\"},"
                + "\"operation\":\"CREATE\",\"userInfo\":{\"username\":\"bob\"},"
                + "\"object\":{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfWidget\",\"metadata\":{\"name\":\"w\"}}}}";
    }

    private static JsonNode decodedPatch(JsonNode review) throws IOException {
        return TestCluster.MAPPER.readTree(new String(Base64.getDecoder().decode(
                review.path("response").path("patch").asText()), StandardCharsets.UTF_8));
    }

    private static JsonNode post(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = send("POST", url, body);
        assertEquals(200, r.statusCode(), r.body());
        return TestCluster.MAPPER.readTree(r.body());
    }

    private static HttpResponse<String> send(String method, String url, String body)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
