package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.embedded.internal.SelfSignedCertificate;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded API server calls registered admission webhooks as the real server does: a fake webhook written here
 * (plain HTTP and HTTPS) receives the AdmissionReviews, and what it answers decides what the clients get and what is
 * stored.
 */
class AdmissionWebhooksE2ETest {
    private static final String GROUP = "hooks.kopf4j.io";
    private static final String VALIDATING = "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations";
    private static final String MUTATING = "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations";
    /** A structural schema: spec.size (integer) and spec.colour (string) only, so unknown fields get pruned. */
    private static final String CRD = "{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
            + "'metadata':{'name':'things." + GROUP + "'},'spec':{'group':'" + GROUP + "','scope':'Namespaced',"
            + "'names':{'plural':'things','singular':'thing','kind':'Thing'},"
            + "'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}},"
            + "'schema':{'openAPIV3Schema':{'type':'object','properties':{"
            + "'spec':{'type':'object','properties':{'size':{'type':'integer'},'colour':{'type':'string'}}},"
            + "'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}}]}}";

    private EmbeddedApiServer server;
    private E2E http;
    private FakeWebhook hook;

    @BeforeEach
    void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.post("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", E2E.obj(CRD)).expect(201);
        http.awaitEstablished("things." + GROUP);
        hook = FakeWebhook.http();
    }

    @AfterEach
    void stop() {
        hook.close();
        server.close();
    }

    private static String things(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/things";
    }

    private static ObjectNode thing(String name, String labelsJson, String specJson) {
        return E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Thing','metadata':{'name':'" + name + "'"
                + (labelsJson == null ? "" : ",'labels':" + labelsJson) + "},'spec':" + specJson + "}");
    }

    /** A webhook entry selecting Things (all operations unless given), calling {@code url}. */
    private static ObjectNode webhook(String name, String url, String... fields) {
        ObjectNode w = E2E.obj("{'name':'" + name + "','sideEffects':'None','admissionReviewVersions':['v1'],"
                + "'rules':[{'operations':['*'],'apiGroups':['" + GROUP + "'],'apiVersions':['v1'],"
                + "'resources':['things']}]}");
        w.putObject("clientConfig").put("url", url);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            w.set(fields[i], E2E.obj("{'v':" + fields[i + 1] + "}").get("v"));
        }
        return w;
    }

    private static ObjectNode configuration(String kind, String name, ObjectNode... webhooks) {
        ObjectNode c = E2E.obj("{'apiVersion':'admissionregistration.k8s.io/v1','kind':'" + kind + "',"
                + "'metadata':{'name':'" + name + "'}}");
        ArrayNode list = c.putArray("webhooks");
        for (ObjectNode w : webhooks) {
            list.add(w);
        }
        return c;
    }

    private void validating(String name, ObjectNode... webhooks) {
        http.post(VALIDATING, configuration("ValidatingWebhookConfiguration", name, webhooks)).expect(201);
    }

    private void mutating(String name, ObjectNode... webhooks) {
        http.post(MUTATING, configuration("MutatingWebhookConfiguration", name, webhooks)).expect(201);
    }

    // ------------------------------------------------------------------ validating

    @Test
    void aValidatorThatDeniesRefusesTheCreateWithItsMessageAndNothingIsStored() throws Exception {
        hook.on("/deny", request -> FakeWebhook.deny(403, "spec.size must be positive"));
        validating("deny", webhook("deny.hooks.kopf4j.io", hook.url("/deny")));
        String ns = http.namespace();

        CustomObjectsApi api = new CustomObjectsApi(server.client());
        Object body = E2E.MAPPER.convertValue(thing("bad", null, "{'size':-1}"), java.util.Map.class);
        ApiException e = assertThrows(ApiException.class, () -> api.createNamespacedCustomObject(GROUP, "v1", ns,
                "things", body).execute());
        assertEquals(403, e.getCode(), e.getResponseBody());
        JsonNode status = E2E.MAPPER.readTree(e.getResponseBody());
        assertEquals("admission webhook \"deny.hooks.kopf4j.io\" denied the request: spec.size must be positive",
                status.path("message").asText());
        assertEquals("Failure", status.path("status").asText());
        assertEquals(403, status.path("code").asInt());
        http.get(things(ns) + "/bad").expect(404);
        assertEquals("CREATE", hook.next("/deny").path("request").path("operation").asText());
    }

    @Test
    void aDenialWithoutACodeIsA400AndOneWithoutAMessageSaysSo() {
        hook.on("/deny", request -> request.path("object").path("metadata").path("name").asText().equals("quiet")
                ? E2E.obj("{'allowed':false}") : FakeWebhook.deny(0, "no"));
        validating("deny", webhook("deny.hooks.kopf4j.io", hook.url("/deny")));
        String ns = http.namespace();

        JsonNode loud = http.post(things(ns), thing("loud", null, "{}")).expect(400).json();
        assertEquals("admission webhook \"deny.hooks.kopf4j.io\" denied the request: no",
                loud.path("message").asText());
        assertFalse(loud.has("reason"), "the webhook gave no reason: " + loud);
        JsonNode quiet = http.post(things(ns), thing("quiet", null, "{}")).expect(400).json();
        assertEquals("admission webhook \"deny.hooks.kopf4j.io\" denied the request without explanation",
                quiet.path("message").asText());
    }

    @Test
    void anAllowingValidatorSeesTheRequestAsTheRealServerSendsIt() {
        hook.on("/allow", request -> FakeWebhook.allow());
        validating("allow", webhook("allow.hooks.kopf4j.io", hook.url("/allow")));
        String ns = http.namespace();

        JsonNode created = http.post(things(ns) + "?fieldManager=tester", thing("ok", null, "{'size':1}"))
                .expect(201).json();
        JsonNode review = hook.next("/allow");
        assertEquals("admission.k8s.io/v1", review.path("apiVersion").asText());
        assertEquals("AdmissionReview", review.path("kind").asText());
        JsonNode r = review.path("request");
        assertFalse(r.path("uid").asText().isEmpty());
        assertEquals(E2E.obj("{'group':'" + GROUP + "','version':'v1','kind':'Thing'}"), r.path("kind"));
        assertEquals(E2E.obj("{'group':'" + GROUP + "','version':'v1','resource':'things'}"), r.path("resource"));
        assertEquals(r.path("kind"), r.path("requestKind"));
        assertEquals(r.path("resource"), r.path("requestResource"));
        assertFalse(r.has("subResource"));
        assertEquals("ok", r.path("name").asText());
        assertEquals(ns, r.path("namespace").asText());
        assertEquals("CREATE", r.path("operation").asText());
        assertEquals(E2E.obj("{'username':'system:anonymous','groups':['system:unauthenticated']}"),
                r.path("userInfo"));
        assertEquals(created.path("metadata").path("uid"), r.path("object").path("metadata").path("uid"),
                "validators see the object as it will be stored");
        assertTrue(r.path("oldObject").isNull());
        assertFalse(r.path("dryRun").asBoolean());
        assertEquals(E2E.obj("{'kind':'CreateOptions','apiVersion':'meta.k8s.io/v1','fieldManager':'tester'}"),
                r.path("options"));
        http.get(things(ns) + "/ok").expect(200);
    }

    @Test
    void aRequestWithABearerTokenComesFromTheAdmin() {
        server.close();
        server = EmbeddedApiServer.builder().token("s3cret").build().start();
        http = new E2E(server.url(), java.net.http.HttpClient.newHttpClient(), "s3cret");
        hook.on("/allow", request -> FakeWebhook.allow());
        http.post(VALIDATING, configuration("ValidatingWebhookConfiguration", "allow",
                webhook("allow.hooks.kopf4j.io", hook.url("/allow"), "rules",
                        "[{'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['configmaps']}]")))
                .expect(201);
        http.post("/api/v1/namespaces/default/configmaps", E2E.configMap("c", "k", "v")).expect(201);
        assertEquals(E2E.obj("{'username':'system:admin','groups':['system:masters','system:authenticated']}"),
                hook.next("/allow").path("request").path("userInfo"));
    }

    @Test
    void warningsOfWebhooksReachTheClientAsWarningHeaders() {
        hook.on("/warn", request -> FakeWebhook.warn("size \"0\" is odd", "colour is unset"));
        validating("warn", webhook("warn.hooks.kopf4j.io", hook.url("/warn")));
        String ns = http.namespace();

        E2E.Resp r = http.post(things(ns), thing("w", null, "{'size':0}")).expect(201);
        assertEquals(List.of("299 - \"size \\\"0\\\" is odd\"", "299 - \"colour is unset\""), r.headers("Warning"));
    }

    @Test
    void warningsOfAWebhookAlsoComeWithADenial() {
        hook.on("/warn", request -> FakeWebhook.warn("looked at it"));
        hook.on("/deny", request -> FakeWebhook.deny(422, "not today"));
        validating("a", webhook("warn.hooks.kopf4j.io", hook.url("/warn")));
        validating("b", webhook("deny.hooks.kopf4j.io", hook.url("/deny")));
        String ns = http.namespace();

        E2E.Resp r = http.post(things(ns), thing("w", null, "{}")).expect(422);
        assertEquals(List.of("299 - \"looked at it\""), r.headers("Warning"));
    }

    // ------------------------------------------------------------------ mutating

    @Test
    void aMutatorAddsALabelAndADefaultAndTheObjectIsStoredMutatedAndPruned() {
        hook.on("/mutate", request -> FakeWebhook.patch("[{'op':'add','path':'/metadata/labels','value':"
                + "{'mutated':'yes'}},{'op':'add','path':'/spec/colour','value':'blue'},"
                + "{'op':'add','path':'/spec/unknown','value':1}]"));
        mutating("mutate", webhook("mutate.hooks.kopf4j.io", hook.url("/mutate")));
        String ns = http.namespace();

        E2E.Resp r = http.post(things(ns), thing("m", null, "{'size':3}")).expect(201);
        JsonNode created = r.json();
        assertEquals("yes", created.path("metadata").path("labels").path("mutated").asText());
        assertEquals("blue", created.path("spec").path("colour").asText());
        assertEquals(3, created.path("spec").path("size").asInt());
        assertFalse(created.path("spec").has("unknown"), "a field outside the schema is pruned: " + created);
        assertTrue(r.headers("Warning").isEmpty(), "pruning what a webhook added warns nobody");
        JsonNode stored = http.get(things(ns) + "/m").json();
        assertEquals(created.path("metadata").path("labels"), stored.path("metadata").path("labels"));
        assertEquals("blue", stored.path("spec").path("colour").asText());

        JsonNode request = hook.next("/mutate").path("request");
        assertFalse(request.path("object").path("metadata").has("uid"),
                "mutators see the object before the server fills in its own fields");
    }

    @Test
    void aPatchThatBreaksTheSchemaIsRejectedAsInvalid() {
        hook.on("/mutate", request -> FakeWebhook.patch("[{'op':'replace','path':'/spec/size','value':'big'}]"));
        mutating("mutate", webhook("mutate.hooks.kopf4j.io", hook.url("/mutate")));
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("m", null, "{'size':3}")).expect(422).json();
        assertEquals("Invalid", status.path("reason").asText());
        assertTrue(status.path("message").asText().startsWith("Thing." + GROUP + " \"m\" is invalid: spec.size"),
                status.toString());
        http.get(things(ns) + "/m").expect(404);
    }

    @Test
    void aPatchThatCannotBeAppliedIsAnInternalError() {
        hook.on("/mutate", request -> FakeWebhook.patch("[{'op':'remove','path':'/spec/missing'}]"));
        mutating("mutate", webhook("mutate.hooks.kopf4j.io", hook.url("/mutate")));
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("m", null, "{}")).expect(500).json();
        assertEquals("InternalError", status.path("reason").asText());
        assertTrue(status.path("message").asText().startsWith("Internal error occurred: "), status.toString());
    }

    @Test
    void mutatorsRunInConfigurationNameOrderBeforeValidatorsWhichSeeTheMutatedObject() {
        hook.on("/first", request -> FakeWebhook.patch("[{'op':'add','path':'/metadata/labels',"
                + "'value':{'order':'first'}}]"));
        hook.on("/second", request -> {
            String seen = request.path("object").path("metadata").path("labels").path("order").asText();
            return FakeWebhook.patch("[{'op':'replace','path':'/metadata/labels/order','value':'" + seen
                    + "-second'}]");
        });
        hook.on("/validate", request -> FakeWebhook.allow());
        mutating("b-second", webhook("second.hooks.kopf4j.io", hook.url("/second")));
        mutating("a-first", webhook("first.hooks.kopf4j.io", hook.url("/first")));
        validating("check", webhook("check.hooks.kopf4j.io", hook.url("/validate")));
        String ns = http.namespace();

        JsonNode created = http.post(things(ns), thing("o", null, "{}")).expect(201).json();
        assertEquals("first-second", created.path("metadata").path("labels").path("order").asText());
        assertEquals("first-second", hook.next("/validate").path("request").path("object").path("metadata")
                .path("labels").path("order").asText());
    }

    @Test
    void reinvocationIfNeededCallsAnEarlierMutatorAgainAfterALaterOneChangedTheObject() {
        hook.on("/again", request -> FakeWebhook.allow());
        hook.on("/change", request -> request.path("object").path("metadata").path("labels").has("changed")
                ? FakeWebhook.allow()
                : FakeWebhook.patch("[{'op':'add','path':'/metadata/labels','value':{'changed':'yes'}}]"));
        mutating("a", webhook("again.hooks.kopf4j.io", hook.url("/again"), "reinvocationPolicy", "'IfNeeded'"));
        mutating("b", webhook("change.hooks.kopf4j.io", hook.url("/change")));
        String ns = http.namespace();

        http.post(things(ns), thing("r", null, "{}")).expect(201);
        assertFalse(hook.next("/again").path("request").path("object").path("metadata").path("labels")
                .has("changed"));
        assertEquals("yes", hook.next("/again").path("request").path("object").path("metadata").path("labels")
                .path("changed").asText(), "called again, seeing the later mutator's change");
        hook.next("/change");
        assertEquals(0, hook.pending("/change"), "a Never webhook is not called again");
    }

    @Test
    void aWebhookMayWriteToTheServerWhileAdmittingAnUpdateWhichIsThenWorkedOutAgain() {
        String ns = http.namespace();
        http.post(things(ns), thing("c", null, "{'size':1}")).expect(201);
        java.util.concurrent.atomic.AtomicBoolean meddled = new java.util.concurrent.atomic.AtomicBoolean();
        hook.on("/meddle", request -> {
            if (request.path("operation").asText().equals("UPDATE") && !meddled.getAndSet(true)) {
                // A concurrent writer changes the object while the update is being admitted.
                http.patch(things(ns) + "/c", E2E.MERGE, "{\"spec\":{\"colour\":\"red\"}}").expect(200);
            }
            return FakeWebhook.allow();
        });
        validating("meddle", webhook("meddle.hooks.kopf4j.io", hook.url("/meddle")));

        JsonNode updated = http.patch(things(ns) + "/c", E2E.MERGE, "{\"spec\":{\"size\":2}}").expect(200).json();
        assertEquals(2, updated.path("spec").path("size").asInt());
        assertEquals("red", updated.path("spec").path("colour").asText(), "the update was applied to the new state");
        JsonNode first = hook.next("/meddle").path("request");
        JsonNode nested = hook.next("/meddle").path("request");
        JsonNode retried = hook.next("/meddle").path("request");
        assertEquals(1, first.path("oldObject").path("spec").path("size").asInt());
        assertEquals("red", nested.path("object").path("spec").path("colour").asText());
        assertEquals("red", retried.path("oldObject").path("spec").path("colour").asText(),
                "the webhooks were asked again about the update of the changed object");
    }

    // ------------------------------------------------------------------ dry run

    @Test
    void dryRunCallsWebhooksWithoutSideEffectsAndRefusesTheOthers() {
        hook.on("/none", request -> FakeWebhook.allow());
        hook.on("/unknown", request -> FakeWebhook.allow());
        validating("none", webhook("none.hooks.kopf4j.io", hook.url("/none"), "sideEffects", "'NoneOnDryRun'"));
        String ns = http.namespace();

        http.post(things(ns) + "?dryRun=All", thing("d", null, "{}")).expect(201);
        JsonNode r = hook.next("/none").path("request");
        assertTrue(r.path("dryRun").asBoolean());
        assertEquals(E2E.obj("{'kind':'CreateOptions','apiVersion':'meta.k8s.io/v1','dryRun':['All']}"),
                r.path("options"));
        http.get(things(ns) + "/d").expect(404);

        validating("unknown", webhook("unknown.hooks.kopf4j.io", hook.url("/unknown"), "sideEffects", "'Unknown'"));
        JsonNode refused = http.post(things(ns) + "?dryRun=All", thing("d", null, "{}")).expect(400).json();
        assertEquals("admission webhook \"unknown.hooks.kopf4j.io\" does not support dry run",
                refused.path("message").asText());
        assertEquals("BadRequest", refused.path("reason").asText());
        assertEquals(0, hook.pending("/unknown"), "a webhook with side effects is not called for a dry run");

        http.post(things(ns), thing("real", null, "{}")).expect(201);
        hook.next("/unknown");
    }

    // ------------------------------------------------------------------ failures and failurePolicy

    @Test
    void aWebhookThatTimesOutFailsTheRequestUnderFailAndIsSkippedUnderIgnore() {
        hook.hang("/slow");
        validating("slow", webhook("slow.hooks.kopf4j.io", hook.url("/slow"), "timeoutSeconds", "1"));
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("t", null, "{}")).expect(500).json();
        String error = "failed calling webhook \"slow.hooks.kopf4j.io\": failed to call webhook: Post \""
                + hook.url("/slow") + "?timeout=1s\": context deadline exceeded";
        assertEquals("Internal error occurred: " + error, status.path("message").asText());
        assertEquals("InternalError", status.path("reason").asText());
        assertEquals(error, status.path("details").path("causes").path(0).path("message").asText());
        http.get(things(ns) + "/t").expect(404);

        ObjectNode config = http.get(VALIDATING + "/slow").json().deepCopy();
        ((ObjectNode) config.path("webhooks").path(0)).put("failurePolicy", "Ignore");
        http.put(VALIDATING + "/slow", config).expect(200);
        http.post(things(ns), thing("t", null, "{}")).expect(201);
    }

    @Test
    void aWebhookThatIsDownFailsTheRequestUnderFailAndIsSkippedUnderIgnore() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/validate";
        validating("down", webhook("down.hooks.kopf4j.io", url));
        validating("down-ignored", webhook("ignored.hooks.kopf4j.io", url, "failurePolicy", "'Ignore'"));
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("x", null, "{}")).expect(500).json();
        assertEquals("Internal error occurred: failed calling webhook \"down.hooks.kopf4j.io\": failed to call "
                + "webhook: Post \"" + url + "?timeout=10s\": dial tcp 127.0.0.1:" + port
                + ": connect: connection refused", status.path("message").asText());

        http.delete(VALIDATING + "/down").expect(200);
        http.post(things(ns), thing("x", null, "{}")).expect(201);
    }

    @Test
    void anInvalidResponseIsACallFailure() {
        hook.onRaw("/liar", review -> E2E.obj("{'apiVersion':'admission.k8s.io/v1','kind':'AdmissionReview',"
                + "'response':{'uid':'not-the-one','allowed':true}}"));
        validating("liar", webhook("liar.hooks.kopf4j.io", hook.url("/liar")));
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("l", null, "{}")).expect(500).json();
        String uid = hook.next("/liar").path("request").path("uid").asText();
        assertEquals("Internal error occurred: failed calling webhook \"liar.hooks.kopf4j.io\": received invalid "
                + "webhook response: expected response.uid=\"" + uid + "\", got \"not-the-one\"",
                status.path("message").asText());
    }

    // ------------------------------------------------------------------ selectors

    @Test
    void anObjectSelectorPicksObjectsByTheNewOrTheOldLabels() {
        hook.on("/deny", request -> FakeWebhook.deny(403, "guarded"));
        validating("guard", webhook("guard.hooks.kopf4j.io", hook.url("/deny"),
                "objectSelector", "{'matchLabels':{'guarded':'yes'}}"));
        String ns = http.namespace();

        http.post(things(ns), thing("free", null, "{}")).expect(201);
        http.post(things(ns), thing("kept", "{'guarded':'yes'}", "{}")).expect(403);
        assertEquals(1, hook.pending("/deny"), "called only for the labelled object");
        hook.next("/deny");

        // An update that adds the label is selected by the new object...
        http.patch(things(ns) + "/free", E2E.MERGE, "{\"metadata\":{\"labels\":{\"guarded\":\"yes\"}}}")
                .expect(403);
        hook.next("/deny");
        // ...and a deletion of a labelled object by the old one (a DELETE has no new object).
        http.delete(VALIDATING + "/guard").expect(200);
        http.post(things(ns), thing("labelled", "{'guarded':'yes'}", "{}")).expect(201);
        validating("guard", webhook("guard.hooks.kopf4j.io", hook.url("/deny"),
                "objectSelector", "{'matchExpressions':[{'key':'guarded','operator':'Exists'}]}"));
        http.delete(things(ns) + "/labelled").expect(403);
        JsonNode r = hook.next("/deny").path("request");
        assertEquals("DELETE", r.path("operation").asText());
        assertTrue(r.path("object").isNull());
        assertEquals("labelled", r.path("oldObject").path("metadata").path("name").asText());
        assertEquals("DeleteOptions", r.path("options").path("kind").asText());
    }

    @Test
    void aNamespaceSelectorPicksByTheNamespacesLabelsAndIgnoresClusterScopedObjects() {
        hook.on("/deny", request -> FakeWebhook.deny(403, "production is frozen"));
        ObjectNode w = webhook("frozen.hooks.kopf4j.io", hook.url("/deny"),
                "namespaceSelector", "{'matchExpressions':[{'key':'env','operator':'In','values':['prod']}]}");
        ((ObjectNode) w.path("rules").path(0)).putArray("apiGroups").add(GROUP).add("rbac.authorization.k8s.io");
        ((ObjectNode) w.path("rules").path(0)).putArray("resources").add("things").add("clusterroles");
        ((ObjectNode) w.path("rules").path(0)).putArray("apiVersions").add("v1");
        validating("frozen", w);
        String dev = http.namespace();
        String prod = E2E.unique("prod");
        http.post("/api/v1/namespaces", E2E.obj("{'metadata':{'name':'" + prod + "','labels':{'env':'prod'}}}"))
                .expect(201);

        http.post(things(dev), thing("a", null, "{}")).expect(201);
        JsonNode status = http.post(things(prod), thing("a", null, "{}")).expect(403).json();
        assertEquals("admission webhook \"frozen.hooks.kopf4j.io\" denied the request: production is frozen",
                status.path("message").asText());
        hook.next("/deny");
        assertEquals(0, hook.pending("/deny"));

        http.post("/apis/rbac.authorization.k8s.io/v1/clusterroles",
                E2E.obj("{'metadata':{'name':'viewer'},'rules':[]}")).expect(403);
        assertFalse(hook.next("/deny").path("request").has("namespace"));
    }

    // ------------------------------------------------------------------ rules

    @Test
    void rulesSelectOperations() {
        hook.on("/deny", request -> FakeWebhook.deny(403, "no updates"));
        validating("updates", webhook("updates.hooks.kopf4j.io", hook.url("/deny"), "rules",
                "[{'operations':['UPDATE'],'apiGroups':['*'],'apiVersions':['*'],'resources':['things']}]"));
        String ns = http.namespace();

        http.post(things(ns), thing("u", null, "{'size':1}")).expect(201);
        http.patch(things(ns) + "/u", E2E.MERGE, "{\"spec\":{\"size\":2}}").expect(403);
        JsonNode r = hook.next("/deny").path("request");
        assertEquals("UPDATE", r.path("operation").asText());
        assertEquals(2, r.path("object").path("spec").path("size").asInt());
        assertEquals(1, r.path("oldObject").path("spec").path("size").asInt());
        assertEquals("UpdateOptions", r.path("options").path("kind").asText());
        http.delete(things(ns) + "/u").expect(200);
        assertEquals(0, hook.pending("/deny"));
    }

    @Test
    void rulesSelectSubresources() {
        hook.on("/deny", request -> FakeWebhook.deny(403, "status is read-only"));
        validating("status", webhook("status.hooks.kopf4j.io", hook.url("/deny"), "rules",
                "[{'operations':['*'],'apiGroups':['" + GROUP + "'],'apiVersions':['v1'],"
                        + "'resources':['*/status'],'scope':'Namespaced'}]"));
        String ns = http.namespace();

        http.post(things(ns), thing("s", null, "{'size':1}")).expect(201);
        http.patch(things(ns) + "/s", E2E.MERGE, "{\"spec\":{\"size\":2}}").expect(200);
        assertEquals(0, hook.pending("/deny"), "'*/status' does not select the main resource");
        http.patch(things(ns) + "/s/status", E2E.MERGE, "{\"status\":{\"phase\":\"x\"}}").expect(403);
        JsonNode r = hook.next("/deny").path("request");
        assertEquals("status", r.path("subResource").asText());
        assertEquals("status", r.path("requestSubResource").asText());

        // 'things' alone selects only the main resource.
        http.delete(VALIDATING + "/status").expect(200);
        validating("main", webhook("main.hooks.kopf4j.io", hook.url("/deny")));
        http.patch(things(ns) + "/s/status", E2E.MERGE, "{\"status\":{\"phase\":\"y\"}}").expect(200);
        assertEquals(0, hook.pending("/deny"));
    }

    @Test
    void equivalentMatchingSendsARequestInTheVersionTheRuleNames() {
        hook.on("/events", request -> FakeWebhook.allow());
        validating("events", webhook("events.hooks.kopf4j.io", hook.url("/events"), "rules",
                "[{'operations':['CREATE'],'apiGroups':['events.k8s.io'],'apiVersions':['v1'],"
                        + "'resources':['events']}]"));
        String ns = http.namespace();
        ObjectNode event = E2E.obj("{'apiVersion':'v1','kind':'Event','metadata':{'name':'e1'},"
                + "'involvedObject':{'kind':'ConfigMap','name':'c','namespace':'" + ns + "'},"
                + "'reason':'Tested','message':'core event'}");

        http.post("/api/v1/namespaces/" + ns + "/events", event).expect(201);
        JsonNode r = hook.next("/events").path("request");
        assertEquals(E2E.obj("{'group':'events.k8s.io','version':'v1','kind':'Event'}"), r.path("kind"));
        assertEquals(E2E.obj("{'group':'','version':'v1','kind':'Event'}"), r.path("requestKind"));
        assertEquals("events.k8s.io/v1", r.path("object").path("apiVersion").asText());
        assertEquals("core event", r.path("object").path("note").asText());

        ObjectNode config = http.get(VALIDATING + "/events").json().deepCopy();
        ((ObjectNode) config.path("webhooks").path(0)).put("matchPolicy", "Exact");
        http.put(VALIDATING + "/events", config).expect(200);
        event.with("metadata").put("name", "e2");
        http.post("/api/v1/namespaces/" + ns + "/events", event).expect(201);
        assertEquals(0, hook.pending("/events"), "Exact does not match another version");
    }

    @Test
    void webhookConfigurationsAreNeverSentToWebhooksAndGetTheRealDefaults() {
        hook.on("/deny", request -> FakeWebhook.deny(403, "everything is frozen"));
        validating("everything", webhook("all.hooks.kopf4j.io", hook.url("/deny"), "rules",
                "[{'operations':['*'],'apiGroups':['*'],'apiVersions':['*'],'resources':['*/*']}]"));

        JsonNode stored = http.get(VALIDATING + "/everything").json().path("webhooks").path(0);
        assertEquals("Fail", stored.path("failurePolicy").asText());
        assertEquals("Equivalent", stored.path("matchPolicy").asText());
        assertEquals(10, stored.path("timeoutSeconds").asInt());
        assertEquals(E2E.obj("{}"), stored.path("namespaceSelector"));
        assertEquals(E2E.obj("{}"), stored.path("objectSelector"));
        assertEquals("*", stored.path("rules").path(0).path("scope").asText());

        String ns = E2E.unique("ns");
        http.post("/api/v1/namespaces", E2E.obj("{'metadata':{'name':'" + ns + "'}}")).expect(403);
        assertEquals(ns, hook.next("/deny").path("request").path("namespace").asText(),
                "namespace requests carry their own name as the namespace");
        http.delete(VALIDATING + "/everything").expect(200);
        assertEquals(0, hook.pending("/deny"), "deleting the configuration is not sent to its own webhook");
    }

    @Test
    void v1beta1ReviewsAreSentAndTheirLooserAnswersAccepted() {
        hook.onRaw("/old", review -> E2E.obj("{'response':{'allowed':true,'patch':'" + Base64.getEncoder()
                .encodeToString("[{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\"v\":\"beta\"}}]"
                        .getBytes(StandardCharsets.UTF_8)) + "'}}"));
        mutating("old", webhook("old.hooks.kopf4j.io", hook.url("/old"), "admissionReviewVersions",
                "['v1beta1','v1']"));
        String ns = http.namespace();

        JsonNode created = http.post(things(ns), thing("b", null, "{}")).expect(201).json();
        assertEquals("beta", created.path("metadata").path("labels").path("v").asText());
        JsonNode review = hook.next("/old");
        assertEquals("admission.k8s.io/v1beta1", review.path("apiVersion").asText());
        assertEquals("CREATE", review.path("request").path("operation").asText());
    }

    // ------------------------------------------------------------------ TLS and services

    @Test
    void anHttpsWebhookIsTrustedThroughItsCaBundleOnly() {
        try (FakeWebhook secure = FakeWebhook.https()) {
            secure.on("/deny", request -> FakeWebhook.deny(403, "over TLS"));
            ObjectNode w = webhook("tls.hooks.kopf4j.io", secure.url("/deny"));
            ((ObjectNode) w.path("clientConfig")).put("caBundle", secure.caBundle());
            validating("tls", w);
            String ns = http.namespace();

            JsonNode status = http.post(things(ns), thing("t", null, "{}")).expect(403).json();
            assertEquals("admission webhook \"tls.hooks.kopf4j.io\" denied the request: over TLS",
                    status.path("message").asText());

            String other = Base64.getEncoder().encodeToString(SelfSignedCertificate.generate("other", List.of(),
                    List.of("127.0.0.1"), Duration.ofDays(1)).certificatePem().getBytes(StandardCharsets.UTF_8));
            ObjectNode config = http.get(VALIDATING + "/tls").json().deepCopy();
            ((ObjectNode) config.path("webhooks").path(0).path("clientConfig")).put("caBundle", other);
            http.put(VALIDATING + "/tls", config).expect(200);
            JsonNode untrusted = http.post(things(ns), thing("t", null, "{}")).expect(500).json();
            assertEquals("Internal error occurred: failed calling webhook \"tls.hooks.kopf4j.io\": failed to call "
                    + "webhook: Post \"" + secure.url("/deny") + "?timeout=10s\": tls: failed to verify "
                    + "certificate: x509: certificate signed by unknown authority",
                    untrusted.path("message").asText());
        }
    }

    @Test
    void aServiceWebhookIsCalledThroughAnExternalNameServiceAndFailsWithoutOne() {
        try (FakeWebhook secure = FakeWebhook.https("hook.default.svc")) {
            secure.on("/deny", request -> FakeWebhook.deny(403, "via the service"));
            ObjectNode w = webhook("svc.hooks.kopf4j.io", "unused");
            ObjectNode cc = w.putObject("clientConfig");
            cc.putObject("service").put("namespace", "default").put("name", "hook").put("path", "/deny")
                    .put("port", secure.port());
            cc.put("caBundle", secure.caBundle());
            validating("svc", w);
            String ns = http.namespace();

            JsonNode missing = http.post(things(ns), thing("s", null, "{}")).expect(500).json();
            assertEquals("Internal error occurred: failed calling webhook \"svc.hooks.kopf4j.io\": failed to call "
                    + "webhook: Post \"https://hook.default.svc:" + secure.port() + "/deny?timeout=10s\": "
                    + "service \"hook\" not found", missing.path("message").asText());

            http.post("/api/v1/namespaces/default/services", E2E.obj("{'metadata':{'name':'hook'},"
                    + "'spec':{'type':'ExternalName','externalName':'127.0.0.1'}}")).expect(201);
            JsonNode denied = http.post(things(ns), thing("s", null, "{}")).expect(403).json();
            assertEquals("admission webhook \"svc.hooks.kopf4j.io\" denied the request: via the service",
                    denied.path("message").asText());
        }
    }

    @Test
    void aClusterIpServiceCannotBeReachedFromTheEmbeddedServer() {
        ObjectNode w = webhook("cip.hooks.kopf4j.io", "unused");
        w.putObject("clientConfig").putObject("service").put("namespace", "default").put("name", "cip");
        validating("cip", w);
        http.post("/api/v1/namespaces/default/services", E2E.obj("{'metadata':{'name':'cip'},"
                + "'spec':{'ports':[{'port':443}]}}")).expect(201);
        String ip = http.get("/api/v1/namespaces/default/services/cip").json().path("spec").path("clusterIP")
                .asText();
        String ns = http.namespace();

        JsonNode status = http.post(things(ns), thing("c", null, "{}")).expect(500).json();
        assertEquals("Internal error occurred: failed calling webhook \"cip.hooks.kopf4j.io\": failed to call "
                + "webhook: Post \"https://cip.default.svc:443?timeout=10s\": dial tcp " + ip
                + ":443: connect: no route to host", status.path("message").asText());
        assertEquals(500, status.path("code").asInt());
    }

    // ------------------------------------------------------------------ kubectl

    @Test
    void kubectlCreateOfAnObjectAValidatorRefusesPrintsTheWebhooksMessage(@TempDir Path tmp) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        Assumptions.assumeTrue(Files.isExecutable(kubectl), "kubectl not found at /usr/bin/kubectl: skipping");
        hook.on("/deny", request -> request.path("object").path("spec").path("size").asInt() < 0
                ? FakeWebhook.deny(403, "spec.size must be positive") : FakeWebhook.allow());
        validating("deny", webhook("deny.hooks.kopf4j.io", hook.url("/deny")));
        KubectlE2ETest.Kubectl k = new KubectlE2ETest.Kubectl(kubectl, server, tmp);
        String thing = "apiVersion: " + GROUP + "/v1\nkind: Thing\nmetadata:\n  name: %s\nspec:\n  size: %d\n";

        Path bad = k.file("bad.yaml", String.format(thing, "bad", -1));
        KubectlE2ETest.Result refused = k.run("create", "-f", bad);
        assertEquals(1, refused.code(), refused.describe());
        assertTrue(refused.err().contains("Error from server: error when creating \"" + bad + "\": admission webhook "
                + "\"deny.hooks.kopf4j.io\" denied the request: spec.size must be positive"), refused.describe());
        assertEquals(1, k.run("get", "thing", "bad").code());

        KubectlE2ETest.Result created = k.ok("create", "-f", k.file("good.yaml", String.format(thing, "good", 1)));
        assertTrue(created.out().contains("thing." + GROUP + "/good created"), created.describe());
    }
}
