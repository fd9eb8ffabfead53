package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.ConnectionInfo;
import io.kopf4j.LoginError;
import io.kopf4j.embedded.EmbeddedApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request pipeline with a vault, on an embedded server that requires a bearer token: a 401 invalidates the
 * credentials and the request (or the watch) is sent again with those of a new login, without spending the retries
 * meant for the server's troubles; when the login gives nothing new, the request fails with a {@link LoginError}.
 */
class ReloginTest {
    private static final String PATH = "/api/v1/namespaces/default/configmaps";

    private EmbeddedApiServer server;
    private final AtomicReference<String> token = new AtomicReference<>("first");
    private final List<String> logins = new CopyOnWriteArrayList<>();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.builder().token("first").build().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ClusterApi api() {
        Vault vault = new Vault(() -> {
            logins.add(token.get());
            return List.of(new Vault.Source("login", ConnectionInfo.builder(server.url()).token(token.get())
                    .build()));
        }, InstantSource.system(), e -> { });
        return new ClusterApi(vault, ClusterApi.Config.defaults(), waits::add);
    }

    @Test
    void aRejectedRequestIsSentAgainWithTheCredentialsOfANewLogin() {
        ClusterApi api = api();
        assertNotNull(api.list(PATH).path("items"));
        server.token("second");
        token.set("second");
        assertTrue(api.list(PATH).path("items").isArray());
        assertEquals(List.of("first", "second"), logins);
        assertEquals(List.of(), waits, "no retry backoff was spent on the rejection");
    }

    @Test
    void aWatchRejectedOnOpeningIsOpenedAgainWithNewCredentials() throws Exception {
        ClusterApi api = api();
        api.list(PATH);
        server.token("second");
        token.set("second");
        try (ClusterApi.WatchStream stream = api.watch(PATH + "?watch=true&allowWatchBookmarks=true",
                new ClusterApi.WatchOptions(Duration.ofSeconds(30), null, null))) {
            api.create(PATH, ClusterApi.json().readTree(
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"seen\"}}"));
            JsonNode event = stream.next();
            assertEquals("ADDED", event.path("type").asText(), event.toString());
            assertEquals("seen", event.path("object").path("metadata").path("name").asText());
        }
        assertEquals(List.of("first", "second"), logins);
    }

    @Test
    void whenTheLoginGivesTheSameRejectedCredentialsTheRequestFailsWithALoginError() {
        ClusterApi api = api();
        api.list(PATH);
        server.token("revoked");
        LoginError e = assertThrows(LoginError.class, () -> api.list(PATH));
        assertTrue(e.getMessage().contains("already rejected those from 'login'"), e.getMessage());
        assertTrue(e.getCause() instanceof ApiUnauthorizedError, String.valueOf(e.getCause()));
    }
}
