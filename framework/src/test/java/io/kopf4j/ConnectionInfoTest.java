package io.kopf4j;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ConnectionInfo}: values, equality (for "rejected before"), masking, and the checks of its builder. */
class ConnectionInfoTest {
    private static final String SERVER = "https://10.0.0.1:6443";

    @Test
    void theBuilderKeepsEveryValue() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        ConnectionInfo info = ConnectionInfo.builder(SERVER).caPath(Path.of("/ca.crt")).token("t").scheme("Token")
                .defaultNamespace("ops").proxyUrl("http://proxy:3128").priority(5).expiration(expiry).build();
        assertEquals(SERVER, info.server());
        assertEquals(Path.of("/ca.crt"), info.caPath().orElseThrow());
        assertEquals("t", info.token().orElseThrow());
        assertEquals("Token", info.scheme().orElseThrow());
        assertEquals("ops", info.defaultNamespace().orElseThrow());
        assertEquals("http://proxy:3128", info.proxyUrl().orElseThrow());
        assertEquals(5, info.priority());
        assertEquals(expiry, info.expiration().orElseThrow());
        assertFalse(info.insecure());
        assertTrue(info.username().isEmpty() && info.certificateData().isEmpty());
    }

    @Test
    void equalValuesAreEqualCredentials() {
        assertEquals(ConnectionInfo.builder(SERVER).token("a").build(), ConnectionInfo.builder(SERVER).token("a").build());
        assertEquals(ConnectionInfo.builder(SERVER).token("a").build().hashCode(),
                ConnectionInfo.builder(SERVER).token("a").build().hashCode());
        assertNotEquals(ConnectionInfo.builder(SERVER).token("a").build(),
                ConnectionInfo.builder(SERVER).token("b").build());
    }

    @Test
    void toStringMasksTokensPasswordsKeysAndProxyPasswords() {
        String withToken = ConnectionInfo.builder(SERVER).token("s3cret-token").caData("-----BEGIN CERT").build()
                .toString();
        assertEquals("ConnectionInfo[server=https://10.0.0.1:6443, caData=<PEM>, token=***, priority=0]", withToken);
        String withPassword = ConnectionInfo.builder(SERVER).username("bob").password("hunter2")
                .certificateData("CERT").privateKeyData("PRIVATE KEY").proxyUrl("http://me:pa55@proxy:3128").build()
                .toString();
        assertEquals("ConnectionInfo[server=https://10.0.0.1:6443, username=bob, password=***, "
                + "certificateData=<PEM>, privateKeyData=***, proxyUrl=http://me:***@proxy:3128, priority=0]",
                withPassword);
        assertFalse(withPassword.contains("hunter2") || withPassword.contains("pa55"));
    }

    @Test
    void combinationsThatDoNotFitAreRejectedWithTheReason() {
        assertEquals("ConnectionInfo: the server must be an http(s) URL with a host, not 'ftp://x'",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder("ftp://x").build())
                        .getMessage());
        assertEquals("ConnectionInfo: both caPath and caData are set; give one of them",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER)
                        .caPath(Path.of("/ca")).caData("pem").build()).getMessage());
        assertEquals("ConnectionInfo: a client certificate needs its private key, and a private key its certificate",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER)
                        .certificateData("cert").build()).getMessage());
        assertEquals("ConnectionInfo: give either a token or a username and password, not both",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER).token("t")
                        .username("u").build()).getMessage());
        assertEquals("ConnectionInfo: a password needs a username",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER).password("p")
                        .build()).getMessage());
        assertEquals("ConnectionInfo: a scheme is sent with a token; no token is set",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER).scheme("Basic")
                        .build()).getMessage());
        assertEquals("ConnectionInfo: the proxy must be http://host:port",
                assertThrows(IllegalArgumentException.class, () -> ConnectionInfo.builder(SERVER)
                        .proxyUrl("http://proxy").build()).getMessage());
    }
}
