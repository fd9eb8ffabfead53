package io.kopf4j.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CustomObjectsApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AggregatedApiE2ETest {
    private static final String APISERVICES = "/apis/apiregistration.k8s.io/v1/apiservices";
    private static EmbeddedApiServer server;
    private static E2E http;

    @BeforeAll
    static void start() {
        server = EmbeddedApiServer.builder().build().start();
        http = new E2E(server);
        http.post(APISERVICES, E2E.obj("{'apiVersion':'apiregistration.k8s.io/v1','kind':'APIService',"
                + "'metadata':{'name':'v1beta1.metrics.k8s.io'},'spec':{'group':'metrics.k8s.io','version':'v1beta1',"
                + "'service':{'name':'metrics-server','namespace':'kube-system','port':443},"
                + "'insecureSkipTLSVerify':true,'groupPriorityMinimum':100,'versionPriority':100}}")).expect(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void unavailableGroupIsListedInApis() {
        List<String> groups = new ArrayList<>();
        http.get("/apis").expect(200).json().path("groups").forEach(g -> groups.add(g.path("name").asText()));
        assertTrue(groups.contains("metrics.k8s.io"), groups.toString());
        JsonNode g = http.get("/apis/metrics.k8s.io").expect(200).json();
        assertEquals("APIGroup", g.path("kind").asText());
        assertEquals("metrics.k8s.io/v1beta1", g.path("preferredVersion").path("groupVersion").asText());
    }

    @Test
    void versionAndEverythingBelowAnswersPlainText503() {
        for (String path : List.of("/apis/metrics.k8s.io/v1beta1", "/apis/metrics.k8s.io/v1beta1/pods",
                "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/x")) {
            E2E.Resp r = http.get(path).expect(503);
            assertEquals("text/plain; charset=utf-8", r.contentType(), path);
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("service unavailable\n", r.body(), path);
        }
    }

    @Test
    void clientJavaSeesServiceUnavailable() {
        ApiException e = assertThrows(ApiException.class, () -> new CustomObjectsApi(server.client())
                .listClusterCustomObject("metrics.k8s.io", "v1beta1", "nodes").execute());
        assertEquals(503, e.getCode());
    }

    @Test
    void apiServiceStatusIsAvailableFalseServiceNotFound() {
        E2E.awaitTrue("Available condition", () -> http.get(APISERVICES + "/v1beta1.metrics.k8s.io").json()
                .path("status").path("conditions").size() > 0);
        JsonNode c = http.get(APISERVICES + "/v1beta1.metrics.k8s.io").json().path("status").path("conditions")
                .get(0);
        assertEquals("Available", c.path("type").asText());
        assertEquals("False", c.path("status").asText());
        assertEquals("ServiceNotFound", c.path("reason").asText());
        assertEquals("service/metrics-server in \"kube-system\" is not present", c.path("message").asText());
    }

    @Test
    void otherGroupsAreUnaffected() {
        http.get("/apis/apps/v1").expect(200);
        http.get("/api/v1").expect(200);
        http.get("/apis/coordination.k8s.io/v1/leases").expect(200);
        String ns = http.namespace();
        http.post("/api/v1/namespaces/" + ns + "/configmaps", E2E.configMap("c", "k", "v")).expect(201);
    }

    @Test
    void deletingTheApiServiceRemovesTheGroup() {
        http.post(APISERVICES, E2E.obj("{'apiVersion':'apiregistration.k8s.io/v1','kind':'APIService',"
                + "'metadata':{'name':'v1.custom.metrics.k8s.io'},'spec':{'group':'custom.metrics.k8s.io',"
                + "'version':'v1','service':{'name':'adapter','namespace':'default'},"
                + "'groupPriorityMinimum':100,'versionPriority':100}}")).expect(201);
        http.get("/apis/custom.metrics.k8s.io/v1").expect(503);
        http.delete(APISERVICES + "/v1.custom.metrics.k8s.io").expect(200);
        E2E.awaitTrue("group gone", () -> http.get("/apis/custom.metrics.k8s.io").code() == 404);
        assertEquals("404 page not found\n", http.get("/apis/custom.metrics.k8s.io/v1").expect(404).body());
    }
}
