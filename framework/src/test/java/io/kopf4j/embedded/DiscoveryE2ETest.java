package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.VersionApi;
import io.kubernetes.client.openapi.models.V1APIResource;
import io.kubernetes.client.openapi.models.V1APIResourceList;
import io.kubernetes.client.openapi.models.VersionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiscoveryE2ETest {
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

    private static Map<String, JsonNode> resources(String path) {
        E2E.Resp r = http.get(path).expect(200);
        assertEquals("application/json", r.contentType());
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode res : r.json().path("resources")) {
            out.put(res.path("name").asText(), res);
        }
        return out;
    }

    @Test
    void versionIsSemverThroughClientJava() throws Exception {
        VersionInfo v = new VersionApi(server.client()).getCode().execute();
        assertEquals("1", v.getMajor());
        assertTrue(v.getGitVersion().matches("v1\\.(2[7-9]|3[0-3])\\.\\d+"), v.getGitVersion());
    }

    @Test
    void coreDiscoveryListsBuiltInsWithSubresourcesAndStripsApiVersion() throws Exception {
        JsonNode api = http.get("/api").expect(200).json();
        assertEquals("APIVersions", api.path("kind").asText());
        assertFalse(api.has("apiVersion"));
        assertEquals("v1", api.path("versions").get(0).asText());

        V1APIResourceList list = new CoreV1Api(server.client()).getAPIResources().execute();
        assertEquals("v1", list.getGroupVersion());
        Map<String, JsonNode> core = resources("/api/v1");
        for (String name : List.of("namespaces", "events", "configmaps", "secrets", "pods", "services",
                "serviceaccounts", "pods/status", "namespaces/status")) {
            assertTrue(core.containsKey(name), name);
        }
        JsonNode pods = core.get("pods");
        assertEquals("pod", pods.path("singularName").asText());
        assertEquals("Pod", pods.path("kind").asText());
        assertTrue(pods.path("namespaced").asBoolean());
        assertEquals("po", pods.path("shortNames").get(0).asText());
        assertEquals("all", pods.path("categories").get(0).asText());
        List<String> verbs = new ArrayList<>();
        pods.path("verbs").forEach(v -> verbs.add(v.asText()));
        List<String> sorted = new ArrayList<>(verbs);
        sorted.sort(null);
        assertEquals(sorted, verbs, "built-in verbs are sorted");
        JsonNode podStatus = core.get("pods/status");
        assertEquals("", podStatus.path("singularName").asText());
        assertTrue(podStatus.has("singularName"));
        assertFalse(core.get("namespaces").path("namespaced").asBoolean());
        V1APIResource cm = list.getResources().stream().filter(r -> r.getName().equals("configmaps")).findFirst()
                .orElseThrow();
        assertEquals(List.of("cm"), cm.getShortNames());
    }

    @Test
    void apisListsEveryBuiltInGroupWithApiregistrationFirst() {
        JsonNode groups = http.get("/apis").expect(200).json();
        assertEquals("APIGroupList", groups.path("kind").asText());
        assertEquals("v1", groups.path("apiVersion").asText());
        List<String> names = new ArrayList<>();
        groups.path("groups").forEach(g -> names.add(g.path("name").asText()));
        assertEquals("apiregistration.k8s.io", names.get(0));
        for (String g : List.of("events.k8s.io", "coordination.k8s.io", "apps", "apiextensions.k8s.io",
                "admissionregistration.k8s.io")) {
            assertTrue(names.contains(g), g);
        }
        assertTrue(resources("/apis/coordination.k8s.io/v1").containsKey("leases"));
        assertTrue(resources("/apis/apps/v1").containsKey("deployments"));
        assertTrue(resources("/apis/events.k8s.io/v1").containsKey("events"));
        assertTrue(resources("/apis/apiextensions.k8s.io/v1").containsKey("customresourcedefinitions"));
        assertTrue(resources("/apis/apiregistration.k8s.io/v1").containsKey("apiservices"));
        Map<String, JsonNode> adm = resources("/apis/admissionregistration.k8s.io/v1");
        assertTrue(adm.containsKey("validatingwebhookconfigurations"));
        assertTrue(adm.containsKey("mutatingwebhookconfigurations"));
    }

    @Test
    void groupDocumentHasPreferredVersion() {
        JsonNode g = http.get("/apis/apps").expect(200).json();
        assertEquals("APIGroup", g.path("kind").asText());
        assertEquals("apps", g.path("name").asText());
        assertEquals("apps/v1", g.path("preferredVersion").path("groupVersion").asText());
    }

    @Test
    void unknownGroupIsPlainTextPageNotFound() {
        E2E.Resp r = http.get("/apis/nothing.example.com").expect(404);
        assertEquals("text/plain; charset=utf-8", r.contentType());
        assertEquals("404 page not found\n", r.body());
        assertEquals("404 page not found\n", http.get("/apis/nothing.example.com/v1").expect(404).body());
    }

    @Test
    void openApiV3IndexAndCoreDocumentAreServed() {
        JsonNode index = http.get("/openapi/v3").expect(200).json();
        JsonNode core = index.path("paths").path("api/v1");
        assertNotNull(core.get("serverRelativeURL"));
        String url = core.path("serverRelativeURL").asText();
        JsonNode doc = http.get(url).expect(200).json();
        assertTrue(doc.path("paths").size() > 0);
        assertTrue(http.get("/openapi/v2").expect(200).json().has("definitions"));
    }
}
