package io.kopf4j.internal.cluster;

import com.sun.net.httpserver.HttpServer;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's request limit: no more requests are in flight at once than the limit, the others wait their turn
 * and all complete; pipelines made with other settings share the limit; an unlimited pipeline does not wait.
 * Checked on a slow HTTP server that counts the requests it serves at once.
 */
class RequestLimitTest {
    private HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private ExecutorService callers;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            int now = inFlight.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(50);
                byte[] body = "{\"kind\":\"Status\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        });
        server.start();
        callers = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        server.stop(0);
    }

    private ClusterApi api() {
        ApiClient client = new ApiClient().setBasePath("http://127.0.0.1:" + server.getAddress().getPort());
        return new ClusterApi(client, ClusterApi.Config.defaults());
    }

    private void sendAtOnce(List<ClusterApi> pipelines, int each) throws Exception {
        List<Future<?>> calls = new ArrayList<>();
        for (ClusterApi api : pipelines) {
            for (int i = 0; i < each; i++) {
                calls.add(callers.submit(() -> api.get("/api/v1/namespaces/default/configmaps/x")));
            }
        }
        for (Future<?> call : calls) {
            call.get();
        }
    }

    @Test
    void noMoreRequestsAreInFlightThanTheLimitAndAllComplete() throws Exception {
        ClusterApi limited = api().withRequestLimit(3);
        sendAtOnce(List.of(limited), 12);
        assertEquals(3, mostAtOnce.get());
        assertEquals(3, limited.requestLimit());
    }

    @Test
    void pipelinesWithOtherSettingsShareTheLimit() throws Exception {
        ClusterApi limited = api().withRequestLimit(2);
        ClusterApi quick = limited.with(limited.config().withErrorBackoffs(List.of()));
        sendAtOnce(List.of(limited, quick), 6);
        assertEquals(2, mostAtOnce.get());
    }

    @Test
    void anUnlimitedPipelineDoesNotWaitForATurn() throws Exception {
        ClusterApi unlimited = api().withRequestLimit(1).unlimited();
        sendAtOnce(List.of(unlimited), 8);
        assertTrue(mostAtOnce.get() > 1, "requests went at once: " + mostAtOnce.get());
        assertEquals(0, unlimited.requestLimit());
    }

    @Test
    void aNegativeLimitIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> api().withRequestLimit(-1));
        assertTrue(e.getMessage().contains("request limit"), e.getMessage());
    }
}
