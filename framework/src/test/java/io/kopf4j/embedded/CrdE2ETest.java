package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.apis.ApiextensionsV1Api;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinitionCondition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrdE2ETest {
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ObjectNode richCrd(String group) {
        return E2E.obj("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                + "'metadata':{'name':'kopfexamples." + group + "'},"
                + "'spec':{'group':'" + group + "','scope':'Namespaced',"
                + "'names':{'plural':'kopfexamples','kind':'KopfExample','shortNames':['kex','kexes'],"
                + "'categories':['all','kopf']},"
                + "'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}},"
                + "'additionalPrinterColumns':[{'name':'Duration','type':'string','jsonPath':'.spec.duration'}],"
                + "'schema':{'openAPIV3Schema':{'type':'object','properties':{"
                + "'spec':{'type':'object','properties':{'duration':{'type':'string'},'count':{'type':'integer'},"
                + "'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}},"
                + "'status':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}}}]}}");
    }

    private static JsonNode condition(JsonNode crd, String type) {
        for (JsonNode c : crd.path("status").path("conditions")) {
            if (c.path("type").asText().equals(type)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void createdCrdIsServedAtOnceWithNamesAcceptedAndEstablished() throws Exception {
        String group = "served.kopf.dev";
        JsonNode created = http.post(CRDS, richCrd(group)).expect(201).json();
        assertEquals(1, created.path("metadata").path("generation").asInt());
        assertEquals("kopfexample", created.path("spec").path("names").path("singular").asText());
        assertEquals("KopfExampleList", created.path("spec").path("names").path("listKind").asText());
        assertEquals("None", created.path("spec").path("conversion").path("strategy").asText());
        assertEquals(E2E.MAPPER.readTree("[\"v1\"]"), created.path("status").path("storedVersions"));

        http.awaitEstablished("kopfexamples." + group);
        V1CustomResourceDefinition crd = new ApiextensionsV1Api(server.client())
                .readCustomResourceDefinition("kopfexamples." + group).execute();
        List<V1CustomResourceDefinitionCondition> conditions = crd.getStatus().getConditions();
        assertEquals("NamesAccepted", conditions.get(0).getType());
        assertEquals("True", conditions.get(0).getStatus());
        assertEquals("NoConflicts", conditions.get(0).getReason());
        assertEquals("Established", conditions.get(1).getType());
        assertEquals("InitialNamesAccepted", conditions.get(1).getReason());
        assertEquals("the initial names have been accepted", conditions.get(1).getMessage());
        assertEquals("kopfexamples", crd.getStatus().getAcceptedNames().getPlural());

        String ns = http.namespace();
        http.post("/apis/" + group + "/v1/namespaces/" + ns + "/kopfexamples", E2E.obj("{'apiVersion':'" + group
                + "/v1','kind':'KopfExample','metadata':{'name':'x'},'spec':{'duration':'1m'}}")).expect(201);
    }

    @Test
    void discoveryShowsShortNamesCategoriesAndVerbsInCrdOrder() {
        String group = "disc.kopf.dev";
        http.post(CRDS, richCrd(group)).expect(201);
        http.awaitEstablished("kopfexamples." + group);
        List<String> groups = new ArrayList<>();
        http.get("/apis").json().path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertTrue(groups.contains(group));
        JsonNode list = http.get("/apis/" + group + "/v1").expect(200).json();
        JsonNode main = list.path("resources").get(0);
        assertEquals("kopfexamples", main.path("name").asText());
        assertEquals("kopfexample", main.path("singularName").asText());
        assertEquals("KopfExample", main.path("kind").asText());
        assertTrue(main.path("namespaced").asBoolean());
        assertEquals(E2E.obj("{'v':['delete','deletecollection','get','list','patch','create','update','watch']}")
                .get("v"), main.path("verbs"));
        assertEquals(E2E.obj("{'v':['kex','kexes']}").get("v"), main.path("shortNames"));
        assertEquals(E2E.obj("{'v':['all','kopf']}").get("v"), main.path("categories"));
        assertEquals("kopfexamples/status", list.path("resources").get(1).path("name").asText());
    }

    @Test
    void printerColumnsAppearInTables() {
        String group = "table.kopf.dev";
        http.post(CRDS, richCrd(group)).expect(201);
        http.awaitEstablished("kopfexamples." + group);
        String ns = http.namespace();
        String path = "/apis/" + group + "/v1/namespaces/" + ns + "/kopfexamples";
        http.post(path, E2E.obj("{'apiVersion':'" + group + "/v1','kind':'KopfExample','metadata':{'name':'t'},"
                + "'spec':{'duration':'5m'}}")).expect(201);
        JsonNode t = tableOf(path);
        assertEquals("Table", t.path("kind").asText());
        List<String> columns = new ArrayList<>();
        t.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
        assertEquals("Name", columns.get(0));
        assertTrue(columns.contains("Duration"), columns.toString());
        JsonNode row = t.path("rows").get(0).path("cells");
        assertEquals("t", row.get(0).asText());
        assertEquals("5m", row.get(columns.indexOf("Duration")).asText());
    }

    private static JsonNode tableOf(String path) {
        try {
            java.net.http.HttpClient c = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            java.net.http.HttpResponse<String> r = c.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.url() + path)).header("Accept",
                    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
            return E2E.MAPPER.readTree(r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void unknownFieldsArePrunedWithWarningAndRejectedWhenStrict() {
        String group = "prune.kopf.dev";
        http.post(CRDS, richCrd(group)).expect(201);
        http.awaitEstablished("kopfexamples." + group);
        String ns = http.namespace();
        String path = "/apis/" + group + "/v1/namespaces/" + ns + "/kopfexamples";
        ObjectNode body = E2E.obj("{'apiVersion':'" + group + "/v1','kind':'KopfExample','metadata':{'name':'p'},"
                + "'spec':{'duration':'1m','bogus':1,'free':{'anything':{'goes':true}}}}");
        E2E.Resp strict = http.post(path + "?fieldValidation=Strict", body).expect(400);
        assertEquals("KopfExample in version \"v1\" cannot be handled as a KopfExample: strict decoding error: "
                + "unknown field \"spec.bogus\"", strict.json().path("message").asText());
        http.get(path + "/p").expect(404);

        E2E.Resp r = http.post(path, body).expect(201);
        assertEquals("299 - \"unknown field \\\"spec.bogus\\\"\"", r.header("Warning"));
        JsonNode spec = r.json().path("spec");
        assertFalse(spec.has("bogus"));
        assertTrue(spec.path("free").path("anything").path("goes").asBoolean(), "preserve-unknown-fields kept");

        JsonNode invalid = http.post(path, E2E.obj("{'apiVersion':'" + group + "/v1','kind':'KopfExample',"
                + "'metadata':{'name':'bad'},'spec':{'count':'many'}}")).expect(422).json();
        assertEquals("Invalid", invalid.path("reason").asText());
        assertTrue(invalid.path("message").asText().startsWith("KopfExample." + group + " \"bad\" is invalid: "
                + "spec.count: Invalid value: \"string\""), invalid.path("message").asText());
        http.get(path + "/bad").expect(404);
    }

    @Test
    void deletingCrdRemovesItsObjectsAndDiscoveryEntries() {
        String group = "gone.kopf.dev";
        http.createCrd(group, "temps", "Temp", false);
        String ns = http.namespace();
        String path = "/apis/" + group + "/v1/namespaces/" + ns + "/temps";
        http.post(path, E2E.obj("{'apiVersion':'" + group + "/v1','kind':'Temp','metadata':{'name':'a'}}"))
                .expect(201);
        String rv = http.get(path).rv();
        try (E2E.WatchStream w = http.watch(path + "?watch=true&resourceVersion=" + rv)) {
            JsonNode deleting = http.delete(CRDS + "/temps." + group).expect(200).json();
            assertEquals("CustomResourceDefinition", deleting.path("kind").asText());
            assertTrue(deleting.path("metadata").has("deletionTimestamp"));
            assertTrue(deleting.path("metadata").path("finalizers").toString()
                    .contains("customresourcecleanup.apiextensions.k8s.io"));
            JsonNode terminating = condition(deleting, "Terminating");
            assertNotNull(terminating);
            assertEquals("True", terminating.path("status").asText());
            assertEquals("DELETED", w.next().path("type").asText());
        }
        E2E.awaitTrue("CRD gone", () -> http.get(CRDS + "/temps." + group).code() == 404);
        E2E.Resp r = http.get(path).expect(404);
        assertEquals("404 page not found\n", r.body());
        assertEquals(404, http.get("/apis/" + group + "/v1").code());
        assertFalse(http.get("/apis").body().contains("\"" + group + "\""));
    }

    @Test
    void multipleServedVersionsShareOneStorage() {
        String group = "multi.kopf.dev";
        ObjectNode crd = E2E.crd(group, "dual", "Dual", false);
        ObjectNode v2 = ((ObjectNode) crd.path("spec").path("versions").get(0)).deepCopy();
        v2.put("name", "v2").put("storage", false);
        crd.with("spec").withArray("versions").add(v2);
        http.post(CRDS, crd).expect(201);
        http.awaitEstablished("dual." + group);
        JsonNode g = http.get("/apis/" + group).expect(200).json();
        assertEquals(2, g.path("versions").size());
        String ns = http.namespace();
        http.post("/apis/" + group + "/v1/namespaces/" + ns + "/dual", E2E.obj("{'apiVersion':'" + group
                + "/v1','kind':'Dual','metadata':{'name':'d'},'spec':{'a':1}}")).expect(201);
        JsonNode viaV2 = http.get("/apis/" + group + "/v2/namespaces/" + ns + "/dual/d").expect(200).json();
        assertEquals(group + "/v2", viaV2.path("apiVersion").asText());
        assertEquals(1, viaV2.path("spec").path("a").asInt());
    }

    @Test
    void conflictingKindIsNotAccepted() {
        String group = "clash.kopf.dev";
        http.createCrd(group, "firsts", "Same", false);
        http.post(CRDS, E2E.crd(group, "seconds", "Same", false)).expect(201);
        E2E.awaitTrue("names judged", () -> condition(http.get(CRDS + "/seconds." + group).json(),
                "NamesAccepted") != null);
        JsonNode crd = http.get(CRDS + "/seconds." + group).json();
        assertEquals("False", condition(crd, "NamesAccepted").path("status").asText());
        assertEquals("KindConflict", condition(crd, "NamesAccepted").path("reason").asText());
        assertEquals("False", condition(crd, "Established").path("status").asText());
        assertEquals("404 page not found\n", http.get("/apis/" + group + "/v1/seconds").expect(404).body());
    }
}
