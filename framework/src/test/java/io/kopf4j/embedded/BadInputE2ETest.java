package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadInputE2ETest {
    private static final String GROUP = "bad.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "boxes", "Box", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A namespace holding one ConfigMap and one Box; returns the namespace. */
    private static String seeded() {
        String ns = http.namespace();
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("keep", "k", "v")).expect(201);
        http.post(boxes(ns), E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Box','metadata':{'name':'keep'},"
                + "'spec':{'a':1}}")).expect(201);
        return ns;
    }

    private static String boxes(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/boxes";
    }

    /** The stored state of the namespace's ConfigMaps and Boxes, items only. */
    private static String state(String ns) {
        return http.get("/api/v1/namespaces/" + ns + "/configmaps").json().path("items").toString()
                + http.get(boxes(ns)).json().path("items").toString();
    }

    private static JsonNode status(E2E.Resp r, String reason) {
        assertEquals("application/json", r.contentType());
        JsonNode s = r.json();
        assertEquals("Status", s.path("kind").asText());
        assertEquals("Failure", s.path("status").asText());
        assertEquals(r.code(), s.path("code").asInt());
        assertEquals(reason, s.path("reason").asText());
        return s;
    }

    @Test
    void malformedJsonIsBadRequestAndStoresNothing() {
        String ns = seeded();
        String before = state(ns);
        JsonNode s = status(http.post("/api/v1/namespaces/" + ns + "/configmaps", "{\"metadata\":{\"name\":")
                .expect(400), "BadRequest");
        assertTrue(s.path("message").asText().contains("json parse error"), s.path("message").asText());
        status(http.put("/api/v1/namespaces/" + ns + "/configmaps/keep", "{not json").expect(400), "BadRequest");
        status(http.patch(boxes(ns) + "/keep", E2E.MERGE, "{\"spec\":").expect(400), "BadRequest");
        assertEquals(before, state(ns));
    }

    @Test
    void wrongKindOrApiVersionIsBadRequestNamingIt() {
        String ns = seeded();
        String before = state(ns);
        JsonNode s = status(http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.obj("{'apiVersion':'v1',"
                + "'kind':'Secret','metadata':{'name':'x'}}")).expect(400), "BadRequest");
        assertTrue(s.path("message").asText().contains("Secret"), s.path("message").asText());
        JsonNode v = status(http.post(boxes(ns), E2E.obj("{'apiVersion':'other.dev/v9','kind':'Box',"
                + "'metadata':{'name':'x'}}")).expect(400), "BadRequest");
        assertTrue(v.path("message").asText().contains("other.dev/v9"), v.path("message").asText());
        JsonNode k = status(http.post(boxes(ns), E2E.obj("{'apiVersion':'" + GROUP + "/v1','metadata':"
                + "{'name':'x'}}")).expect(400), "BadRequest");
        assertTrue(k.path("message").asText().startsWith("Object 'Kind' is missing in '"), k.path("message").asText());
        assertEquals(before, state(ns));
    }

    @Test
    void missingNameIsInvalid() {
        String ns = seeded();
        String before = state(ns);
        JsonNode s = status(http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.obj("{'metadata':{},"
                + "'data':{}}")).expect(422), "Invalid");
        assertEquals("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required",
                s.path("message").asText());
        assertEquals("metadata.name", s.path("details").path("causes").get(0).path("field").asText());
        assertEquals(before, state(ns));
    }

    @Test
    void bodyNameOrNamespaceMismatchIsBadRequest() {
        String ns = seeded();
        String before = state(ns);
        JsonNode s = status(http.put("/api/v1/namespaces/" + ns + "/configmaps/keep", E2E.configMap("other", "k",
                "x")).expect(400), "BadRequest");
        assertEquals("the name of the object (other) does not match the name on the URL (keep)",
                s.path("message").asText());
        var cm = E2E.configMap("n", "k", "v");
        cm.with("metadata").put("namespace", "elsewhere");
        JsonNode n = status(http.post("/api/v1/namespaces/" + ns + "/configmaps", cm).expect(400), "BadRequest");
        assertEquals("the namespace of the provided object does not match the namespace sent on the request",
                n.path("message").asText());
        assertEquals(before, state(ns));
    }

    @Test
    void unknownResourceInBuiltInGroupIsStatusButUnknownGroupIsPlainText() {
        JsonNode s = status(http.get("/api/v1/foos").expect(404), "NotFound");
        assertEquals("the server could not find the requested resource", s.path("message").asText());
        status(http.get("/apis/apps/v1/namespaces/default/foos").expect(404), "NotFound");
        E2E.Resp plain = http.get("/apis/nope.example.com/v1/foos").expect(404);
        assertEquals("text/plain; charset=utf-8", plain.contentType());
        assertEquals("404 page not found\n", plain.body());
        assertEquals("404 page not found\n", http.get("/apis/" + GROUP + "/v1/nothings").expect(404).body());
    }

    @Test
    void badLabelSelectorOrResourceVersionIsBadRequestNamingTheFault() {
        String ns = seeded();
        JsonNode s = status(http.get("/api/v1/namespaces/" + ns + "/configmaps?labelSelector="
                + E2E.enc("a in (b")).expect(400), "BadRequest");
        assertEquals("unable to parse requirement: found '', expected: ',' or ')'", s.path("message").asText());
        JsonNode rv = status(http.get("/api/v1/namespaces/" + ns + "/configmaps?resourceVersion=abc").expect(400),
                "BadRequest");
        assertTrue(rv.path("message").asText().contains("\"abc\": invalid resource version"),
                rv.path("message").asText());
    }

    @Test
    void badJsonPatchesAreRejectedAndChangeNothing() {
        String ns = seeded();
        String before = state(ns);
        JsonNode notList = status(http.patch(boxes(ns) + "/keep", E2E.JSON_PATCH, "{\"op\":\"add\"}").expect(400),
                "BadRequest");
        assertEquals("json: cannot unmarshal object into Go value of type jsonpatch.Patch",
                notList.path("message").asText());
        JsonNode missing = status(http.patch(boxes(ns) + "/keep", E2E.JSON_PATCH,
                "[{\"op\":\"remove\",\"path\":\"/spec/nothing\"}]").expect(422), "Invalid");
        assertEquals("the server rejected our request due to an error in our request",
                missing.path("message").asText());
        status(http.patch(boxes(ns) + "/keep", E2E.JSON_PATCH, "[{\"op\":\"frobnicate\",\"path\":\"/spec\"}]")
                .expect(422), "Invalid");
        status(http.patch(boxes(ns) + "/keep", E2E.MERGE, "[1,2]").expect(400), "BadRequest");
        assertEquals(before, state(ns));
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        String ns = seeded();
        status(http.send("POST", "/api/v1/namespaces/" + ns + "/configmaps/keep", E2E.JSON, "{}").expect(405),
                "MethodNotAllowed");
        http.get("/api/v1/namespaces/" + ns + "/configmaps/keep").expect(200);
    }
}
