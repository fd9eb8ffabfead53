package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StatusSubresourceE2ETest {
    private static final String GROUP = "status.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "things", "Thing", true);
        http.createCrd(GROUP, "plains", "Plain", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String things(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/things";
    }

    private static ObjectNode thing(String name) {
        return E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Thing','metadata':{'name':'" + name + "'},"
                + "'spec':{'a':1},'status':{'s':'given'}}");
    }

    @Test
    void statusInCreateBodyIsDropped() {
        String ns = http.namespace();
        JsonNode created = http.post(things(ns), thing("c")).expect(201).json();
        assertFalse(created.has("status"));
        assertFalse(http.get(things(ns) + "/c").json().has("status"));
    }

    @Test
    void mainResourceWritesIgnoreStatus() {
        String ns = http.namespace();
        http.post(things(ns), thing("m")).expect(201);
        String rv = http.get(things(ns) + "/m").rv();
        JsonNode out = http.patch(things(ns) + "/m", E2E.MERGE, "{\"status\":{\"s\":\"sneaky\"}}").expect(200).json();
        assertFalse(out.has("status"));
        assertEquals(rv, out.path("metadata").path("resourceVersion").asText(), "nothing changed, no new RV");
        assertEquals(1, out.path("metadata").path("generation").asInt());
    }

    @Test
    void statusWritesChangeOnlyStatusAndNeverBumpGeneration() {
        String ns = http.namespace();
        http.post(things(ns), thing("s")).expect(201);
        JsonNode out = http.patch(things(ns) + "/s/status", E2E.MERGE,
                "{\"spec\":{\"a\":99},\"metadata\":{\"labels\":{\"l\":\"v\"}},\"status\":{\"s\":\"ok\"}}")
                .expect(200).json();
        assertEquals("ok", out.path("status").path("s").asText());
        assertEquals(1, out.path("spec").path("a").asInt());
        assertFalse(out.path("metadata").has("labels"));
        assertEquals(1, out.path("metadata").path("generation").asInt());
        JsonNode stored = http.get(things(ns) + "/s").json();
        assertEquals("ok", stored.path("status").path("s").asText());

        ObjectNode put = stored.deepCopy();
        put.with("spec").put("a", 5);
        put.with("status").put("s", "put");
        JsonNode viaPut = http.put(things(ns) + "/s/status", put).expect(200).json();
        assertEquals(1, viaPut.path("spec").path("a").asInt());
        assertEquals("put", viaPut.path("status").path("s").asText());
        assertEquals(1, viaPut.path("metadata").path("generation").asInt());

        JsonNode spec = http.patch(things(ns) + "/s", E2E.MERGE, "{\"spec\":{\"a\":2}}").expect(200).json();
        assertEquals(2, spec.path("metadata").path("generation").asInt());
        assertEquals("put", spec.path("status").path("s").asText());
    }

    @Test
    void statusOfTypeWithoutSubresourceIsNotFoundForTheObject() {
        String ns = http.namespace();
        http.post("/apis/" + GROUP + "/v1/namespaces/" + ns + "/plains", E2E.obj("{'apiVersion':'" + GROUP
                + "/v1','kind':'Plain','metadata':{'name':'p'}}")).expect(201);
        JsonNode s = http.patch("/apis/" + GROUP + "/v1/namespaces/" + ns + "/plains/p/status", E2E.MERGE,
                "{\"status\":{}}").expect(404).json();
        assertEquals("plains." + GROUP + " \"p\" not found", s.path("message").asText());
    }

    @Test
    void discoveryListsTheStatusSubresource() {
        JsonNode list = http.get("/apis/" + GROUP + "/v1").expect(200).json();
        boolean found = false;
        for (JsonNode r : list.path("resources")) {
            if (r.path("name").asText().equals("things/status")) {
                found = true;
                assertEquals(E2E.obj("{'name':'things/status','singularName':'','namespaced':true,'kind':'Thing',"
                        + "'verbs':['get','patch','update']}"), r);
            }
            assertFalse(r.path("name").asText().equals("plains/status"));
        }
        assertEquals(true, found);
    }
}
