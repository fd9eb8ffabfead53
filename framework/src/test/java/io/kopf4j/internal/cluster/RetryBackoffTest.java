package io.kopf4j.internal.cluster;

import io.kopf4j.embedded.EmbeddedApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's retries on the embedded API server: 429, 5xx and timeouts are retried after the configured backoffs,
 * a {@code Retry-After} lengthens the wait, other errors are not retried. The waits are recorded, not slept.
 */
class RetryBackoffTest {
    private static final String PATH = "/api/v1/namespaces/default/configmaps";

    private EmbeddedApiServer server;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.builder().build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClusterApi api(ClusterApi.Config config) {
        return new ClusterApi(server.client(), config, waits::add);
    }

    private static List<Duration> millis(long... ms) {
        return java.util.Arrays.stream(ms).mapToObj(Duration::ofMillis).toList();
    }

    @Test
    void defaultsAreKopfsNetworkingSettings() {
        ClusterApi.Config d = ClusterApi.Config.defaults();
        assertEquals(List.of(1L, 1L, 2L, 3L, 5L, 8L, 13L, 21L),
                d.errorBackoffs().stream().map(Duration::toSeconds).toList());
        assertEquals(Duration.ofSeconds(300), d.requestTimeout());
        assertEquals(false, d.enforceRetryAfter());
    }

    @Test
    void serverErrorsAreRetriedWithTheBackoffsUntilSuccess() {
        server.faults().fail("GET", PATH, 500, 3);

        var list = api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1, 2, 3, 4))).list(PATH);

        assertEquals("ConfigMapList", list.path("kind").asText());
        assertEquals(millis(1, 2, 3), waits);
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterAsks() {
        server.faults().fail("GET", PATH, 429, 2); // the fault sends Retry-After: 1

        api(ClusterApi.Config.defaults().withErrorBackoffs(millis(10, 10, 10))).list(PATH);

        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), waits);
    }

    @Test
    void longerBackoffWinsOverRetryAfterUnlessEnforced() {
        server.faults().fail("GET", PATH, 429, 1);
        api(ClusterApi.Config.defaults().withErrorBackoffs(List.of(Duration.ofSeconds(5)))).list(PATH);
        assertEquals(List.of(Duration.ofSeconds(5)), waits);

        waits.clear();
        server.faults().fail("GET", PATH, 429, 1);
        api(ClusterApi.Config.defaults().withErrorBackoffs(List.of(Duration.ofSeconds(5))).withEnforceRetryAfter(true))
                .list(PATH);
        assertEquals(List.of(Duration.ofSeconds(1)), waits);
    }

    @Test
    void retryAfterSecondsInTheStatusDetailsIsHonouredToo() {
        server.faults().respond("GET", PATH, 429, "application/json", "{\"kind\":\"Status\",\"apiVersion\":\"v1\","
                + "\"status\":\"Failure\",\"reason\":\"TooManyRequests\",\"details\":{\"retryAfterSeconds\":3},"
                + "\"code\":429}", 1);

        api(ClusterApi.Config.defaults().withErrorBackoffs(millis(10))).list(PATH);

        assertEquals(List.of(Duration.ofSeconds(3)), waits);
    }

    @Test
    void lastFailureEscalatesAfterAllBackoffs() {
        server.faults().fail("GET", PATH, 503, -1);

        ApiServerError e = assertThrows(ApiServerError.class,
                () -> api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1, 2))).list(PATH));

        assertEquals(503, e.status());
        assertEquals(2, waits.size());
    }

    @Test
    void clientErrorsAreNotRetried() {
        server.faults().fail("GET", PATH, 403, 1);
        assertThrows(ApiForbiddenError.class,
                () -> api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1, 2))).list(PATH));
        assertThrows(ApiNotFoundError.class,
                () -> api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1, 2))).get(PATH + "/nope"));
        assertEquals(List.of(), waits);
    }

    @Test
    void timedOutAttemptIsRetried() {
        server.faults().delay("GET", PATH, Duration.ofMillis(1500), 1);

        long t0 = System.nanoTime();
        api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1)).withRequestTimeout(Duration.ofMillis(300)))
                .list(PATH);

        assertEquals(millis(1), waits);
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofMillis(1400)) < 0);
    }

    @Test
    void writesAreRetriedToo() {
        server.faults().fail("POST", PATH, 502, 1);

        var created = api(ClusterApi.Config.defaults().withErrorBackoffs(millis(1))).create(PATH,
                Manifests.json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm1'},'data':{'a':'b'}}"));

        assertEquals("cm1", created.path("metadata").path("name").asText());
        assertEquals(millis(1), waits);
    }

    @Test
    void patchesOfEachTypeReachTheServer() {
        ClusterApi api = api(ClusterApi.Config.defaults());
        api.create(PATH, Manifests.json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cm1'},"
                + "'data':{'a':'b'}}"));

        api.patch(PATH + "/cm1", Manifests.json("{'data':{'c':'d'}}"), ClusterApi.PatchType.MERGE);
        api.patch(PATH + "/cm1", Manifests.json("[{'op':'add','path':'/data/e','value':'f'}]"),
                ClusterApi.PatchType.JSON);
        var cm = api.get(PATH + "/cm1");
        assertEquals("b", cm.path("data").path("a").asText());
        assertEquals("d", cm.path("data").path("c").asText());
        assertEquals("f", cm.path("data").path("e").asText());

        api.delete(PATH + "/cm1");
        assertThrows(ApiNotFoundError.class, () -> api.get(PATH + "/cm1"));
    }
}
