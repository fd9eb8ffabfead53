package io.kopf4j.internal.cluster;

import io.kopf4j.embedded.EmbeddedApiServer;
import io.kubernetes.client.openapi.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP failures of the embedded API server become the right {@link ApiError}, keeping only what is safe to log. */
class ApiErrorMappingTest {
    private EmbeddedApiServer server;
    private ClusterApi api;

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.builder().build().start();
        api = new ClusterApi(server.client(), ClusterApi.Config.defaults().withErrorBackoffs(List.of())
                .withRequestTimeout(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "400, ApiClientError", "401, ApiUnauthorizedError", "403, ApiForbiddenError", "404, ApiNotFoundError",
            "405, ApiClientError", "409, ApiConflictError", "422, ApiUnprocessableEntityError",
            "429, ApiTooManyRequestsError", "500, ApiServerError", "502, ApiServerError", "503, ApiServerError"})
    void eachStatusMapsToItsErrorClass(int status, String errorClass) {
        server.faults().fail("GET", "/api/v1/namespaces/default/configmaps", status, 1);

        ApiError e = assertThrows(ApiError.class, () -> api.list("/api/v1/namespaces/default/configmaps"));

        assertEquals(errorClass, e.getClass().getSimpleName());
        assertEquals(status, e.status());
        assertEquals(status >= 400 && status < 500, e instanceof ApiClientError);
        assertEquals(status >= 500, e instanceof ApiServerError);
        assertEquals(status == 429 || status >= 500, e.isRetryable());
        assertEquals("GET", e.method());
        assertEquals("/api/v1/namespaces/default/configmaps", e.path());
    }

    @Test
    void statusMessageAndReasonAreKept() {
        ApiNotFoundError e = assertThrows(ApiNotFoundError.class,
                () -> api.get("/api/v1/namespaces/default/configmaps/nope"));

        assertEquals("configmaps \"nope\" not found", e.statusMessage().orElseThrow());
        assertEquals("NotFound", e.reason().orElseThrow());
        assertEquals("nope", e.details().orElseThrow().path("name").asText());
        assertEquals("404 Not Found for GET /api/v1/namespaces/default/configmaps/nope: configmaps \"nope\" not found",
                e.getMessage());
    }

    @Test
    void invalidObjectKeepsTheCauses() {
        ApiUnprocessableEntityError e = assertThrows(ApiUnprocessableEntityError.class,
                () -> api.create("/api/v1/namespaces/default/configmaps",
                        Manifests.json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{}}")));

        assertEquals("Invalid", e.reason().orElseThrow());
        assertTrue(e.getMessage().contains("name or generateName is required"), e.getMessage());
    }

    @Test
    void nonStatusJsonBodyIsDroppedSoSecretDataCannotLeak() {
        server.faults().respond("GET", "/api/v1/namespaces/default/secrets/s1", 500, "application/json",
                "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"data\":{\"password\":\"c3VwZXJzZWNyZXQ=\"}}", 1);

        ApiServerError e = assertThrows(ApiServerError.class, () -> api.get("/api/v1/namespaces/default/secrets/s1"));

        assertFalse(e.getMessage().contains("c3VwZXJzZWNyZXQ="), e.getMessage());
        assertFalse(e.toString().contains("password"), e.toString());
        assertTrue(e.statusMessage().isEmpty());
        assertTrue(e.details().isEmpty());
        assertTrue(e.text().isEmpty());
    }

    @Test
    void textBodyIsCutTo256Characters() {
        server.faults().respond("GET", "/apis/metrics.k8s.io/v1beta1", 503, "text/plain; charset=utf-8",
                "x".repeat(1000), 1);

        ApiServerError e = assertThrows(ApiServerError.class, () -> api.get("/apis/metrics.k8s.io/v1beta1"));

        assertEquals(256, e.text().orElseThrow().length());
        assertTrue(e.text().orElseThrow().endsWith("..."));
        assertTrue(e.getMessage().length() < 400);
    }

    @Test
    void aggregatorPlainTextIsKeptWhole() {
        server.faults().respond("GET", "/apis/metrics.k8s.io/v1beta1", 503, "text/plain; charset=utf-8",
                "service unavailable\n", 1);

        ApiServerError e = assertThrows(ApiServerError.class, () -> api.get("/apis/metrics.k8s.io/v1beta1"));

        assertEquals("service unavailable", e.text().orElseThrow());
        assertEquals("503 Service Unavailable", e.statusLine());
    }

    @Test
    void forbiddenNamesTheVerbAndResourceWithAnRbacHint() {
        server.faults().fail("GET", "/apis/kopf.dev/v1/kopfexamples", 403, 1);
        server.faults().fail("GET", "/api/v1/namespaces/team-a/pods/p1", 403, 1);
        server.faults().fail("PATCH", "/apis/kopf.dev/v1/namespaces/ns/kopfexamples/x/status", 403, 1);

        ApiForbiddenError list = assertThrows(ApiForbiddenError.class,
                () -> api.list("/apis/kopf.dev/v1/kopfexamples?watch=true&allowWatchBookmarks=true"));
        assertEquals("watch", list.verb());
        assertEquals("kopfexamples.kopf.dev", list.resource());
        assertTrue(list.getMessage().contains("needs RBAC permission to \"watch\" \"kopfexamples.kopf.dev\""
                + " cluster-wide"), list.getMessage());

        ApiForbiddenError get = assertThrows(ApiForbiddenError.class,
                () -> api.get("/api/v1/namespaces/team-a/pods/p1"));
        assertEquals("get", get.verb());
        assertTrue(get.getMessage().contains("\"get\" \"pods\" in namespace \"team-a\""), get.getMessage());

        ApiForbiddenError patch = assertThrows(ApiForbiddenError.class,
                () -> api.patchStatus("/apis/kopf.dev/v1/namespaces/ns/kopfexamples/x", Manifests.json("{}")));
        assertEquals("patch", patch.verb());
        assertEquals("kopfexamples.kopf.dev/status", patch.resource());
    }

    @Test
    void malformedSuccessfulBodyIsAnErrorWithoutItsContent() {
        server.faults().respond("GET", "/api/v1/namespaces/default/secrets/s1", 200, "application/json",
                "{\"data\": {\"password\": c3VwZXJzZWNyZXQ=", 1);

        ApiMalformedResponseError e = assertThrows(ApiMalformedResponseError.class,
                () -> api.get("/api/v1/namespaces/default/secrets/s1"));

        assertFalse(e.getMessage().contains("c3VwZXJzZWNyZXQ"), e.getMessage());
        assertNull(e.getCause());
    }

    @Test
    void timeoutIsAConnectionErrorThatTimedOut() {
        server.faults().delay("GET", "/api/v1/namespaces", Duration.ofMillis(1500), 1);

        ApiConnectionError e = assertThrows(ApiConnectionError.class, () -> api.list("/api/v1/namespaces"));

        assertTrue(e.timedOut());
        assertTrue(e.isRetryable());
        assertEquals(0, e.status());
    }

    @Test
    void refusedConnectionIsAConnectionError() {
        server.stop();

        ApiConnectionError e = assertThrows(ApiConnectionError.class, () -> api.list("/api/v1/namespaces"));

        assertFalse(e.timedOut());
    }

    @Test
    void clientJavaExceptionIsOnlyTheCause() {
        ApiException original = new ApiException(409, Map.of("Content-Type", List.of("application/json")),
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"AlreadyExists\","
                        + "\"message\":\"configmaps \\\"x\\\" already exists\",\"code\":409}");

        ApiError e = ApiError.of("POST", "/api/v1/namespaces/default/configmaps", original);

        assertInstanceOf(ApiConflictError.class, e);
        assertSame(original, e.getCause());
        assertEquals("AlreadyExists", e.reason().orElseThrow());
        assertEquals("configmaps \"x\" already exists", e.statusMessage().orElseThrow());
    }

    @Test
    void retryAfterComesFromTheHeaderOrTheStatusDetails() {
        ApiError header = ApiError.of("GET", "/api", 429, Map.of("retry-after", List.of("7")), null, "", null);
        ApiError details = ApiError.of("GET", "/api", 429, Map.of(), "application/json",
                "{\"kind\":\"Status\",\"details\":{\"retryAfterSeconds\":3},\"code\":429}", null);

        assertEquals(Duration.ofSeconds(7), header.retryAfter().orElseThrow());
        assertEquals(Duration.ofSeconds(3), details.retryAfter().orElseThrow());
    }
}
