package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectLifecycleE2ETest {
    private static final String GROUP = "life.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;
    private static CoreV1Api core;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        core = new CoreV1Api(server.client());
        http.createCrd(GROUP, "widgets", "Widget", false);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String widgets(String ns) {
        return "/apis/" + GROUP + "/v1/namespaces/" + ns + "/widgets";
    }

    private static ObjectNode widget(String name, String spec) {
        return E2E.obj("{'apiVersion':'" + GROUP + "/v1','kind':'Widget','metadata':{'name':'" + name + "'},"
                + "'spec':" + spec + "}");
    }

    @Test
    void createSetsServerFieldsAndIgnoresClientValues() throws Exception {
        String ns = http.namespace();
        V1ConfigMap cm = new V1ConfigMap().metadata(new V1ObjectMeta().name("cm").uid("not-mine")
                .creationTimestamp(java.time.OffsetDateTime.parse("2001-01-01T00:00:00Z"))).data(Map.of("a", "b"));
        V1ConfigMap created = core.createNamespacedConfigMap(ns, cm).execute();
        assertNotEquals("not-mine", created.getMetadata().getUid());
        UUID uid = UUID.fromString(created.getMetadata().getUid());
        assertEquals(4, uid.version());
        assertTrue(created.getMetadata().getCreationTimestamp().toInstant()
                .isAfter(Instant.now().minus(1, ChronoUnit.MINUTES)));
        assertEquals(null, created.getMetadata().getGeneration(), "ConfigMaps have no generation");

        JsonNode raw = http.get("/api/v1/namespaces/" + ns + "/configmaps/cm").expect(200).json();
        assertTrue(raw.path("metadata").path("creationTimestamp").asText()
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals("ConfigMap", raw.path("kind").asText());
        assertEquals("v1", raw.path("apiVersion").asText());

        E2E.Resp w = http.post(widgets(ns), widget("w", "{'a':1}")).expect(201);
        assertEquals(1, w.json().path("metadata").path("generation").asInt());
    }

    @Test
    void createWithResourceVersionIsA500PlainError() {
        String ns = http.namespace();
        ObjectNode cm = E2E.configMap("cm", "a", "b");
        cm.with("metadata").put("resourceVersion", "5");
        JsonNode s = http.post("/api/v1/namespaces/" + ns + "/configmaps", cm).expect(500).json();
        assertEquals("resourceVersion should not be set on objects to be created", s.path("message").asText());
        http.get("/api/v1/namespaces/" + ns + "/configmaps/cm").expect(404);
    }

    @Test
    void generateNameAppendsFiveCharactersFromTheKubernetesAlphabet() {
        String ns = http.namespace();
        ObjectNode cm = E2E.obj("{'metadata':{'generateName':'gen-'},'data':{}}");
        String name = http.post("/api/v1/namespaces/" + ns + "/configmaps", cm).expect(201).json()
                .path("metadata").path("name").asText();
        assertTrue(name.matches("gen-[bcdfghjklmnpqrstvwxz2456789]{5}"), name);
        ObjectNode longBase = E2E.obj("{'metadata':{'generateName':'" + "x".repeat(70) + "'},'data':{}}");
        String longName = http.post("/api/v1/namespaces/" + ns + "/configmaps", longBase).expect(201).json()
                .path("metadata").path("name").asText();
        assertEquals(63, longName.length());
    }

    @Test
    void duplicateCreateIsAlreadyExistsWithTheResourceName() {
        String ns = http.namespace();
        http.post(widgets(ns), widget("dup", "{}")).expect(201);
        JsonNode s = http.post(widgets(ns), widget("dup", "{}")).expect(409).json();
        assertEquals("AlreadyExists", s.path("reason").asText());
        assertEquals("widgets." + GROUP + " \"dup\" already exists", s.path("message").asText());
        assertEquals("widgets", s.path("details").path("kind").asText());
        assertEquals(GROUP, s.path("details").path("group").asText());
    }

    @Test
    void createInMissingNamespaceIsNotFoundNamingTheNamespace() {
        ApiException e = assertThrows(ApiException.class, () -> core.createNamespacedConfigMap("nowhere",
                new V1ConfigMap().metadata(new V1ObjectMeta().name("x"))).execute());
        assertEquals(404, e.getCode());
        assertTrue(e.getResponseBody().contains("namespaces \\\"nowhere\\\" not found"), e.getResponseBody());
        http.get("/api/v1/namespaces/nowhere/configmaps").expect(200);
    }

    @Test
    void resourceVersionIsGlobalAndStrictlyIncreasingAcrossTypes() {
        String ns = http.namespace();
        long previous = 0;
        for (int i = 0; i < 5; i++) {
            long a = Long.parseLong(http.post("/api/v1/namespaces/" + ns + "/configmaps",
                    E2E.configMap("c" + i, "k", "v")).expect(201).rv());
            long b = Long.parseLong(http.post(widgets(ns), widget("w" + i, "{}")).expect(201).rv());
            assertTrue(a > previous, a + " after " + previous);
            assertTrue(b > a, b + " after " + a);
            previous = b;
        }
    }

    @Test
    void staleResourceVersionOnPutIsConflict() throws Exception {
        String ns = http.namespace();
        V1ConfigMap cm = core.createNamespacedConfigMap(ns, new V1ConfigMap()
                .metadata(new V1ObjectMeta().name("occ")).data(Map.of("v", "1"))).execute();
        String rv1 = cm.getMetadata().getResourceVersion();
        V1ConfigMap updated = core.replaceNamespacedConfigMap("occ", ns, cm.data(Map.of("v", "2"))).execute();
        assertTrue(Long.parseLong(updated.getMetadata().getResourceVersion()) > Long.parseLong(rv1));
        cm.getMetadata().setResourceVersion(rv1);
        ApiException e = assertThrows(ApiException.class,
                () -> core.replaceNamespacedConfigMap("occ", ns, cm.data(Map.of("v", "3"))).execute());
        assertEquals(409, e.getCode());
        JsonNode s = E2E.MAPPER.readTree(e.getResponseBody());
        assertEquals("Conflict", s.path("reason").asText());
        assertEquals("Operation cannot be fulfilled on configmaps \"occ\": the object has been modified; please "
                + "apply your changes to the latest version and try again", s.path("message").asText());
        assertEquals("2", core.readNamespacedConfigMap("occ", ns).execute().getData().get("v"));
    }

    @Test
    void customResourcePutWithoutResourceVersionIsInvalid() {
        String ns = http.namespace();
        http.post(widgets(ns), widget("norv", "{'a':1}")).expect(201);
        JsonNode s = http.put(widgets(ns) + "/norv", widget("norv", "{'a':2}")).expect(422).json();
        assertEquals("widgets." + GROUP + " \"norv\" is invalid: metadata.resourceVersion: Invalid value: 0: must "
                + "be specified for an update", s.path("message").asText());
        assertEquals("widgets", s.path("details").path("kind").asText());
        // ConfigMaps accept an unconditional update.
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("u", "a", "1")).expect(201);
        http.put("/api/v1/namespaces/" + ns + "/configmaps/u", E2E.configMap("u", "a", "2")).expect(200);
    }

    @Test
    void putToMissingObjectIsNotFound() {
        String ns = http.namespace();
        JsonNode s = http.put(widgets(ns) + "/ghost", widget("ghost", "{}")).expect(404).json();
        assertEquals("widgets." + GROUP + " \"ghost\" not found", s.path("message").asText());
    }

    @Test
    void noOpUpdateKeepsResourceVersion() {
        String ns = http.namespace();
        JsonNode created = http.post(widgets(ns), widget("same", "{'a':1}")).expect(201).json();
        JsonNode again = http.put(widgets(ns) + "/same", created).expect(200).json();
        assertEquals(created.path("metadata").path("resourceVersion"), again.path("metadata").path("resourceVersion"));
        assertEquals(1, again.path("metadata").path("generation").asInt());
        JsonNode patched = http.patch(widgets(ns) + "/same", E2E.MERGE, "{\"spec\":{\"a\":1}}").expect(200).json();
        assertEquals(created.path("metadata").path("resourceVersion"),
                patched.path("metadata").path("resourceVersion"));
    }

    @Test
    void generationBumpsOnSpecChangesButNotOnMetadataChanges() throws Exception {
        String ns = http.namespace();
        CustomObjectsApi custom = new CustomObjectsApi(server.client());
        custom.createNamespacedCustomObject(GROUP, "v1", ns, "widgets",
                E2E.MAPPER.convertValue(widget("gen", "{'a':1}"), Map.class)).execute();
        http.patch(widgets(ns) + "/gen", E2E.MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}").expect(200);
        JsonNode afterLabel = http.get(widgets(ns) + "/gen").json();
        assertEquals(1, afterLabel.path("metadata").path("generation").asInt());
        http.patch(widgets(ns) + "/gen", E2E.MERGE, "{\"spec\":{\"a\":2}}").expect(200);
        assertEquals(2, http.get(widgets(ns) + "/gen").json().path("metadata").path("generation").asInt());
        // Without a status subresource, status is an ordinary field and bumps generation too.
        http.patch(widgets(ns) + "/gen", E2E.MERGE, "{\"status\":{\"s\":1}}").expect(200);
        assertEquals(3, http.get(widgets(ns) + "/gen").json().path("metadata").path("generation").asInt());
        // A client cannot set generation, uid or creationTimestamp.
        JsonNode cur = http.get(widgets(ns) + "/gen").json();
        ObjectNode tampered = cur.deepCopy();
        tampered.with("metadata").put("generation", 99).put("creationTimestamp", "2001-01-01T00:00:00Z");
        JsonNode out = http.put(widgets(ns) + "/gen", tampered).expect(200).json();
        assertEquals(3, out.path("metadata").path("generation").asInt());
        assertEquals(cur.path("metadata").path("creationTimestamp"), out.path("metadata").path("creationTimestamp"));
        assertFalse(out.path("metadata").path("generation").asInt() == 99);
    }
}
