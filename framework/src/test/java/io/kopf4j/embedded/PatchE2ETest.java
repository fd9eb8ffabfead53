package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.util.PatchUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class PatchE2ETest {
    private static final String GROUP = "patch.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "gadgets", "Gadget", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String gadgets(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/gadgets";
    }

    private static String newGadget(String ns, String name) {
        http.post(gadgets(ns), E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Gadget','metadata':{'name':'" + name
                + "','finalizers':['a/one','a/two']},'spec':{'x':1,'y':{'z':2},'list':[1,2]}}")).expect(201);
        return gadgets(ns) + "/" + name;
    }

    @Test
    void mergePatchMergesMapsDeletesNullsAndReplacesLists() {
        String ns = http.namespace();
        String path = newGadget(ns, "m");
        JsonNode out = http.patch(path, E2E.MERGE, "{\"spec\":{\"x\":null,\"y\":{\"w\":3},\"list\":[9]}}")
                .expect(200).json();
        assertEquals(E2E.obj("{'y':{'z':2,'w':3},'list':[9]}"), out.path("spec"));
        assertEquals(out, http.get(path).json());
    }

    @Test
    void jsonPatchAppliesOperations() throws Exception {
        String ns = http.namespace();
        String path = newGadget(ns, "j");
        String rv = http.get(path).rv();
        JsonNode out = http.patch(path, E2E.JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\","
                + "\"value\":\"" + rv + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/list/-\",\"value\":3}]").expect(200).json();
        assertEquals(E2E.MAPPER.readTree("[\"a/two\"]"), out.path("metadata").path("finalizers"));
        assertEquals(E2E.MAPPER.readTree("[1,2,3]"), out.path("spec").path("list"));
    }

    @Test
    void failedJsonPatchTestIsUnprocessableNotConflictAndChangesNothing() {
        String ns = http.namespace();
        String path = newGadget(ns, "t");
        JsonNode before = http.get(path).json();
        JsonNode s = http.patch(path, E2E.JSON_PATCH, "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\","
                + "\"value\":\"1\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]").expect(422).json();
        assertEquals("Invalid", s.path("reason").asText());
        assertEquals("the server rejected our request due to an error in our request", s.path("message").asText());
        assertEquals(E2E.obj("{}"), s.path("details"));
        assertEquals(before, http.get(path).json());
    }

    @Test
    void staleResourceVersionInMergePatchIsConflict() {
        String ns = http.namespace();
        String path = newGadget(ns, "stale");
        String rv = http.get(path).rv();
        http.patch(path, E2E.MERGE, "{\"spec\":{\"x\":2}}").expect(200);
        JsonNode s = http.patch(path, E2E.MERGE, "{\"metadata\":{\"resourceVersion\":\"" + rv + "\"},"
                + "\"spec\":{\"x\":3}}").expect(409).json();
        assertEquals("Conflict", s.path("reason").asText());
        assertEquals(2, http.get(path).json().path("spec").path("x").asInt());
    }

    @Test
    void strategicMergePatchOnCustomResourceIsUnsupportedMediaType() {
        String ns = http.namespace();
        String path = newGadget(ns, "smp");
        JsonNode before = http.get(path).json();
        E2E.Resp r = http.patch(path, E2E.SMP, "{\"spec\":{\"x\":5}}").expect(415);
        assertEquals("the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
                r.json().path("message").asText());
        assertEquals("UnsupportedMediaType", r.json().path("reason").asText());
        assertEquals(before, http.get(path).json());
    }

    @Test
    void strategicMergePatchOnBuiltInMergesFinalizersThroughClientJava() throws Exception {
        String ns = http.namespace();
        ApiClient client = server.client();
        CoreV1Api core = new CoreV1Api(client);
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.obj("{'metadata':{'name':'s','finalizers':"
                + "['a/one']},'data':{'k':'v'}}")).expect(201);
        V1ConfigMap out = PatchUtils.patch(V1ConfigMap.class, () -> core.patchNamespacedConfigMap("s", ns,
                new V1Patch("{\"metadata\":{\"finalizers\":[\"a/two\"]},\"data\":{\"k2\":\"v2\"}}"))
                .buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH, client);
        assertEquals(List.of("a/one", "a/two"), out.getMetadata().getFinalizers());
        assertEquals("v", out.getData().get("k"));
        assertEquals("v2", out.getData().get("k2"));
        // A merge patch replaces the list wholesale.
        JsonNode merged = http.patch("/api/v1/namespaces/" + ns + "/configmaps/s", E2E.MERGE,
                "{\"metadata\":{\"finalizers\":[\"a/three\"]}}").expect(200).json();
        assertEquals(E2E.MAPPER.readTree("[\"a/three\"]"), merged.path("metadata").path("finalizers"));
    }

    @Test
    void unknownPatchTypeOnBuiltInIsGoRestful415() {
        String ns = http.namespace();
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("u", "k", "v")).expect(201);
        JsonNode s = http.patch("/api/v1/namespaces/" + ns + "/configmaps/u", "text/plain", "{}").expect(415).json();
        assertEquals("415: Unsupported Media Type", s.path("message").asText());
    }

    @Test
    void patchOfMissingObjectIsNotFound() {
        String ns = http.namespace();
        JsonNode s = http.patch(gadgets(ns) + "/none", E2E.MERGE, "{\"spec\":{}}").expect(404).json();
        assertEquals("gadgets." + GROUP + " \"none\" not found", s.path("message").asText());
        assertFalse(http.get(gadgets(ns)).json().path("items").elements().hasNext());
    }
}
