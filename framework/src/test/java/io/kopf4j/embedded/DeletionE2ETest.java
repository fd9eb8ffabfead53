package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeletionE2ETest {
    private static final String GROUP = "del.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "owners", "Owner", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String owners(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/owners";
    }

    private static JsonNode owner(String ns, String name, String finalizers) {
        return http.post(owners(ns), E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Owner','metadata':{'name':'"
                + name + "','finalizers':" + finalizers + "},'spec':{'a':1}}")).expect(201).json();
    }

    private static String dependent(String ns, String name, JsonNode owner, boolean block) {
        ObjectNode cm = E2E.configMap(name, "k", "v");
        ObjectNode ref = cm.with("metadata").putArray("ownerReferences").addObject();
        ref.put("apiVersion", GROUP + "/v1").put("kind", "Owner")
                .put("name", owner.path("metadata").path("name").asText())
                .put("uid", owner.path("metadata").path("uid").asText());
        if (block) {
            ref.put("blockOwnerDeletion", true);
        }
        http.post("/api/v1/namespaces/" + ns + "/configmaps", cm).expect(201);
        return "/api/v1/namespaces/" + ns + "/configmaps/" + name;
    }

    @Test
    void deleteWithoutFinalizersAnswersSuccessStatusWithoutCode() {
        String ns = http.namespace();
        JsonNode o = owner(ns, "plain", "[]");
        JsonNode s = http.delete(owners(ns) + "/plain").expect(200).json();
        assertEquals(E2E.obj("{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Success','details':{"
                + "'name':'plain','group':'" + GROUP + "','kind':'owners','uid':'"
                + o.path("metadata").path("uid").asText() + "'}}"), s);
        http.get(owners(ns) + "/plain").expect(404);
        JsonNode again = http.delete(owners(ns) + "/plain").expect(404).json();
        assertEquals("owners." + GROUP + " \"plain\" not found", again.path("message").asText());
    }

    @Test
    void finalizersKeepObjectWithDeletionTimestampUntilLastIsRemovedThenSingleDeletedEvent() {
        String ns = http.namespace();
        JsonNode created = owner(ns, "fin", "['x/a','x/b']");
        try (E2E.WatchStream w = http.watch(owners(ns) + "?watch=true&resourceVersion="
                + created.path("metadata").path("resourceVersion").asText())) {
            JsonNode marked = http.delete(owners(ns) + "/fin").expect(200).json();
            assertEquals("Owner", marked.path("kind").asText());
            String ts = marked.path("metadata").path("deletionTimestamp").asText();
            assertTrue(ts.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), ts);
            assertEquals(0, marked.path("metadata").path("deletionGracePeriodSeconds").asInt(-1));
            assertEquals(2, marked.path("metadata").path("generation").asInt());
            JsonNode modified = w.next();
            assertEquals("MODIFIED", modified.path("type").asText());

            JsonNode repeated = http.delete(owners(ns) + "/fin").expect(200).json();
            assertEquals(ts, repeated.path("metadata").path("deletionTimestamp").asText());

            http.patch(owners(ns) + "/fin", E2E.JSON_PATCH, "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]")
                    .expect(200);
            assertEquals("MODIFIED", w.next().path("type").asText());
            assertEquals(200, http.get(owners(ns) + "/fin").code());

            JsonNode last = http.patch(owners(ns) + "/fin", E2E.MERGE, "{\"metadata\":{\"finalizers\":null}}")
                    .expect(200).json();
            assertFalse(last.path("metadata").has("finalizers") && last.path("metadata").path("finalizers").size() > 0);
            http.get(owners(ns) + "/fin").expect(404);
            JsonNode deleted = w.next();
            assertEquals("DELETED", deleted.path("type").asText());
            assertTrue(Long.parseLong(deleted.path("object").path("metadata").path("resourceVersion").asText())
                    > Long.parseLong(modified.path("object").path("metadata").path("resourceVersion").asText()));
            assertNull(w.next(Duration.ofMillis(200)), "nothing after DELETED");
        }
    }

    @Test
    void addingFinalizersWhileDeletingIsInvalid() {
        String ns = http.namespace();
        owner(ns, "late", "['x/a']");
        http.delete(owners(ns) + "/late").expect(200);
        JsonNode before = http.get(owners(ns) + "/late").json();
        JsonNode s = http.patch(owners(ns) + "/late", E2E.MERGE,
                "{\"metadata\":{\"finalizers\":[\"x/a\",\"kopf.zalando.org/KopfFinalizerMarker\"]}}").expect(422).json();
        assertEquals("Owner." + GROUP + " \"late\" is invalid: metadata.finalizers: Forbidden: no new finalizers can "
                + "be added if the object is being deleted, found new finalizers "
                + "[]string{\"kopf.zalando.org/KopfFinalizerMarker\"}", s.path("message").asText());
        assertEquals("FieldValueForbidden", s.path("details").path("causes").get(0).path("reason").asText());
        assertEquals(before, http.get(owners(ns) + "/late").json());
    }

    @Test
    void deletePreconditionMismatchIsConflictNamingTheKind() {
        String ns = http.namespace();
        JsonNode o = owner(ns, "pre", "[]");
        String rv = o.path("metadata").path("resourceVersion").asText();
        JsonNode s = http.delete(owners(ns) + "/pre", "{\"preconditions\":{\"resourceVersion\":\"1\"}}")
                .expect(409).json();
        assertEquals("Operation cannot be fulfilled on Owner." + GROUP + " \"pre\": the ResourceVersion in the "
                + "precondition (1) does not match the ResourceVersion in record (" + rv + "). The object might have "
                + "been modified", s.path("message").asText());
        http.get(owners(ns) + "/pre").expect(200);
    }

    @Test
    void backgroundDeletionCollectsDependents() {
        String ns = http.namespace();
        JsonNode o = owner(ns, "bg", "[]");
        String dep = dependent(ns, "dep", o, false);
        http.delete(owners(ns) + "/bg").expect(200);
        E2E.awaitTrue("dependent collected", () -> http.get(dep).code() == 404);
    }

    @Test
    void foregroundDeletionWaitsForDependents() {
        String ns = http.namespace();
        JsonNode o = owner(ns, "fg", "[]");
        String dep = dependent(ns, "fgdep", o, true);
        JsonNode marked = http.delete(owners(ns) + "/fg", "{\"propagationPolicy\":\"Foreground\"}").expect(200).json();
        assertTrue(marked.path("metadata").has("deletionTimestamp"));
        assertEquals("foregroundDeletion", marked.path("metadata").path("finalizers").get(0).asText());
        E2E.awaitTrue("owner gone", () -> http.get(owners(ns) + "/fg").code() == 404);
        http.get(dep).expect(404);
    }

    @Test
    void orphanDeletionStripsOwnerReferencesAndKeepsDependents() {
        String ns = http.namespace();
        JsonNode o = owner(ns, "or", "[]");
        String dep = dependent(ns, "ordep", o, false);
        JsonNode marked = http.delete(owners(ns) + "/or", "{\"propagationPolicy\":\"Orphan\"}").expect(200).json();
        assertEquals("orphan", marked.path("metadata").path("finalizers").get(0).asText());
        E2E.awaitTrue("owner gone", () -> http.get(owners(ns) + "/or").code() == 404);
        JsonNode kept = http.get(dep).expect(200).json();
        assertFalse(kept.path("metadata").has("ownerReferences"));
    }

    @Test
    void namespaceDeletionRemovesContentsAndRefusesNewContentWhileTerminating() {
        String ns = http.namespace();
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("a", "k", "v")).expect(201);
        owner(ns, "held", "['x/hold']");
        http.delete("/api/v1/namespaces/" + ns).expect(200);
        E2E.awaitTrue("owner marked", () -> http.get(owners(ns) + "/held").json().path("metadata")
                .has("deletionTimestamp"));
        E2E.awaitTrue("configmap gone", () -> http.get("/api/v1/namespaces/" + ns + "/configmaps/a").code() == 404);
        JsonNode s = http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("b", "k", "v"))
                .expect(403).json();
        assertEquals("configmaps \"b\" is forbidden: unable to create new content in namespace " + ns
                + " because it is being terminated", s.path("message").asText());
        assertEquals("NamespaceTerminating", s.path("details").path("causes").get(0).path("reason").asText());
        assertEquals(200, http.get("/api/v1/namespaces/" + ns).code());
        http.patch(owners(ns) + "/held", E2E.MERGE, "{\"metadata\":{\"finalizers\":[]}}").expect(200);
        E2E.awaitTrue("namespace gone", () -> http.get("/api/v1/namespaces/" + ns).code() == 404);
    }
}
