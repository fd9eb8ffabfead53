package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMapList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListE2ETest {
    private static final String GROUP = "list.kopf.dev";
    private static EmbeddedApiServer server;
    private static E2E http;
    private static String ns;
    private static String otherNs;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.createCrd(GROUP, "items", "Item", false);
        ns = http.namespace();
        otherNs = http.namespace();
        String[][] objects = {{"a", "env=prod,tier=web"}, {"b", "env=dev,tier=web"}, {"c", "env=prod"},
                {"d", "tier=db"}, {"e", ""}};
        for (String[] o : objects) {
            ObjectNode cm = E2E.configMap(o[0], "k", "v");
            ObjectNode labels = cm.with("metadata").putObject("labels");
            for (String kv : o[1].split(",")) {
                if (!kv.isEmpty()) {
                    labels.put(kv.split("=")[0], kv.split("=")[1]);
                }
            }
            http.post("/api/v1/namespaces/" + ns + "/configmaps", cm).expect(201);
        }
        http.post("/api/v1/namespaces/" + otherNs + "/configmaps", E2E.configMap("z", "k", "v")).expect(201);
        for (String n : List.of("i1", "i2")) {
            http.post("/apis/" + GROUP + "/v1/namespaces/" + ns + "/items", E2E.obj("{'apiVersion':'" + GROUP
                    + "/v1','kind':'Item','metadata':{'name':'" + n + "'}}")).expect(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(String query) {
        JsonNode list = http.get("/api/v1/namespaces/" + ns + "/configmaps?" + query).expect(200).json();
        List<String> out = new ArrayList<>();
        list.path("items").forEach(i -> out.add(i.path("metadata").path("name").asText()));
        return out;
    }

    private static String sel(String s) {
        return "labelSelector=" + E2E.enc(s);
    }

    @Test
    void labelSelectorOperatorsFilterItems() {
        assertEquals(List.of("a", "c"), names(sel("env=prod")));
        assertEquals(List.of("a", "c"), names(sel("env==prod")));
        assertEquals(List.of("b", "d", "e"), names(sel("env!=prod")));
        assertEquals(List.of("a", "b", "c"), names(sel("env in (prod,dev)")));
        assertEquals(List.of("b", "d", "e"), names(sel("env notin (prod)")));
        assertEquals(List.of("a", "b", "d"), names(sel("tier")));
        assertEquals(List.of("c", "e"), names(sel("!tier")));
        assertEquals(List.of("a"), names(sel("env=prod,tier=web")));
    }

    @Test
    void labelSelectorThroughClientJava() throws Exception {
        V1ConfigMapList list = new CoreV1Api(server.client()).listNamespacedConfigMap(ns).labelSelector("tier=web")
                .execute();
        assertEquals(2, list.getItems().size());
    }

    @Test
    void fieldSelectorsOnNameAndNamespace() {
        assertEquals(List.of("b"), names("fieldSelector=" + E2E.enc("metadata.name=b")));
        assertEquals(List.of("a", "c", "d", "e"), names("fieldSelector=" + E2E.enc("metadata.name!=b")));
        JsonNode all = http.get("/api/v1/configmaps?fieldSelector=" + E2E.enc("metadata.namespace=" + otherNs))
                .expect(200).json();
        assertEquals(1, all.path("items").size());
        JsonNode items = http.get("/apis/" + GROUP + "/v1/namespaces/" + ns + "/items?fieldSelector="
                + E2E.enc("metadata.name=i2")).expect(200).json();
        assertEquals(1, items.path("items").size());
    }

    @Test
    void unsupportedFieldLabelIsBadRequest() {
        JsonNode s = http.get("/apis/" + GROUP + "/v1/namespaces/" + ns + "/items?fieldSelector="
                + E2E.enc("spec.x=1")).expect(400).json();
        assertEquals("BadRequest", s.path("reason").asText());
        assertEquals("field label not supported: spec.x", s.path("message").asText());
    }

    @Test
    void limitAndContinuePageThroughTheWholeList() {
        JsonNode first = http.get("/api/v1/namespaces/" + ns + "/configmaps?limit=2").expect(200).json();
        assertEquals(2, first.path("items").size());
        assertEquals(3, first.path("metadata").path("remainingItemCount").asInt());
        String listRv = first.path("metadata").path("resourceVersion").asText();
        List<String> all = new ArrayList<>();
        first.path("items").forEach(i -> all.add(i.path("metadata").path("name").asText()));
        String cont = first.path("metadata").path("continue").asText();
        while (!cont.isEmpty()) {
            JsonNode page = http.get("/api/v1/namespaces/" + ns + "/configmaps?limit=2&continue=" + E2E.enc(cont))
                    .expect(200).json();
            assertEquals(listRv, page.path("metadata").path("resourceVersion").asText());
            page.path("items").forEach(i -> all.add(i.path("metadata").path("name").asText()));
            cont = page.path("metadata").path("continue").asText("");
            if (cont.isEmpty()) {
                assertFalse(page.path("metadata").has("continue"), "a built-in last page has no continue");
            }
        }
        assertEquals(List.of("a", "b", "c", "d", "e"), all);
    }

    @Test
    void laterPagesShowTheListAsItWasAtTheFirstPagesRevision() {
        String pages = http.namespace();
        String base = "/api/v1/namespaces/" + pages + "/configmaps";
        for (String n : List.of("p1", "p2", "p3", "p4")) {
            http.post(base, E2E.configMap(n, "k", "old")).expect(201);
        }
        JsonNode first = http.get(base + "?limit=2").expect(200).json();
        String listRv = first.path("metadata").path("resourceVersion").asText();
        // Changes after the first page: none of them may show in the rest of this list.
        http.delete(base + "/p3").expect(200);
        http.patch(base + "/p4", "application/merge-patch+json", E2E.obj("{'data':{'k':'new'}}")).expect(200);
        http.post(base, E2E.configMap("p5", "k", "new")).expect(201);

        JsonNode rest = http.get(base + "?limit=10&continue="
                + E2E.enc(first.path("metadata").path("continue").asText())).expect(200).json();
        assertEquals(listRv, rest.path("metadata").path("resourceVersion").asText());
        List<String> seen = new ArrayList<>();
        rest.path("items").forEach(i -> seen.add(i.path("metadata").path("name").asText() + "="
                + i.path("data").path("k").asText()));
        assertEquals(List.of("p3=old", "p4=old"), seen);
        // A new list sees the changes.
        assertEquals(List.of("p1", "p2", "p4", "p5"), http.get(base).expect(200).json().findValuesAsText("name"));
    }

    @Test
    void aContinueTokenOlderThanTheHistoryIsGoneWithTheServersMessage() {
        JsonNode first = http.get("/api/v1/namespaces/" + ns + "/configmaps?limit=2").expect(200).json();
        http.post("/api/v1/namespaces/" + otherNs + "/configmaps", E2E.configMap(E2E.unique("late"), "k", "v"))
                .expect(201);
        server.faults().compactHistory();   // the change after the first page's revision is forgotten
        JsonNode status = http.get("/api/v1/namespaces/" + ns + "/configmaps?limit=2&continue="
                + E2E.enc(first.path("metadata").path("continue").asText())).expect(410).json();
        assertEquals("Expired", status.path("reason").asText());
        assertTrue(status.path("message").asText().startsWith("The provided continue parameter is too old"),
                status.toString());
    }

    @Test
    void clusterWideListCoversEveryNamespace() {
        JsonNode list = http.get("/api/v1/configmaps").expect(200).json();
        TreeSet<String> namespaces = new TreeSet<>();
        list.path("items").forEach(i -> namespaces.add(i.path("metadata").path("namespace").asText()));
        assertTrue(namespaces.contains(ns) && namespaces.contains(otherNs), namespaces.toString());
        JsonNode crs = http.get("/apis/" + GROUP + "/v1/items").expect(200).json();
        long inNs = 0;
        for (JsonNode i : crs.path("items")) {
            inNs += i.path("metadata").path("namespace").asText().equals(ns) ? 1 : 0;
        }
        assertEquals(2, inNs);
    }

    @Test
    void builtInItemsCarryNoKindWhileCustomResourceItemsDo() {
        JsonNode list = http.get("/api/v1/namespaces/" + ns + "/configmaps").expect(200).json();
        assertEquals("ConfigMapList", list.path("kind").asText());
        assertEquals("v1", list.path("apiVersion").asText());
        for (JsonNode i : list.path("items")) {
            assertFalse(i.has("kind") || i.has("apiVersion"), i.toString());
        }
        JsonNode crs = http.get("/apis/" + GROUP + "/v1/namespaces/" + ns + "/items").expect(200).json();
        assertEquals("ItemList", crs.path("kind").asText());
        assertEquals("", crs.path("metadata").path("continue").asText("missing"));
        for (JsonNode i : crs.path("items")) {
            assertEquals("Item", i.path("kind").asText());
            assertEquals(GROUP + "/v1", i.path("apiVersion").asText());
        }
    }

    @Test
    void listResourceVersionIsTheCurrentRevisionAndEmptyListsHaveEmptyItems() {
        JsonNode empty = http.get("/api/v1/namespaces/nowhere/configmaps").expect(200).json();
        assertTrue(empty.path("items").isArray());
        assertEquals(0, empty.path("items").size());
        long rv = Long.parseLong(empty.path("metadata").path("resourceVersion").asText());
        long maxItem = 0;
        for (JsonNode i : http.get("/api/v1/namespaces/" + ns + "/configmaps").json().path("items")) {
            maxItem = Math.max(maxItem, Long.parseLong(i.path("metadata").path("resourceVersion").asText()));
        }
        assertTrue(rv >= maxItem, rv + " >= " + maxItem);
        String before = http.get("/api/v1/namespaces/" + otherNs + "/configmaps").rv();
        http.post("/apis/" + GROUP + "/v1/namespaces/" + otherNs + "/items", E2E.obj("{'apiVersion':'" + GROUP
                + "/v1','kind':'Item','metadata':{'name':'bump'}}")).expect(201);
        String after = http.get("/api/v1/namespaces/" + otherNs + "/configmaps").rv();
        assertTrue(Long.parseLong(after) > Long.parseLong(before), "the list RV is the global revision");
    }
}
