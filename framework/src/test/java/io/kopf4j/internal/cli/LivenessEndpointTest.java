package io.kopf4j.internal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing {@code -L/--liveness} URLs. */
class LivenessEndpointTest {
    private static String rejection(String url) {
        return assertThrows(IllegalArgumentException.class, () -> LivenessEndpoint.parse(url)).getMessage();
    }

    @Test
    void kopfsDocumentedUrlParses() {
        assertEquals(new LivenessEndpoint("0.0.0.0", 8080, "/healthz"),
                LivenessEndpoint.parse("http://0.0.0.0:8080/healthz"));
    }

    @Test
    void hostnameAndNestedPath() {
        assertEquals(new LivenessEndpoint("localhost", 9000, "/probes/live"),
                LivenessEndpoint.parse("HTTP://localhost:9000/probes/live"));
    }

    @Test
    void ipv6LiteralIsBindable() {
        LivenessEndpoint e = LivenessEndpoint.parse("http://[::]:8080/healthz");
        assertEquals("::", e.host());
        assertEquals("http://[::]:8080/healthz", e.url());
    }

    @Test
    void rootPathIsAPath() {
        assertEquals("/", LivenessEndpoint.parse("http://0.0.0.0:8080/").path());
    }

    @Test
    void eachMissingPartIsNamed() {
        assertEquals("the scheme must be http://", rejection("https://0.0.0.0:8080/healthz"));
        assertEquals("the scheme must be http://", rejection("0.0.0.0:8080/healthz"));
        assertEquals("the scheme must be http://", rejection("localhost:8080/healthz"));
        assertEquals("a host is needed", rejection("http://:8080/healthz"));
        assertEquals("a port is needed", rejection("http://0.0.0.0/healthz"));
        assertEquals("a path is needed", rejection("http://0.0.0.0:8080"));
        assertEquals("no query, fragment or user info is allowed", rejection("http://0.0.0.0:8080/h?x=1"));
        assertEquals("not a URL (Illegal character in path)", rejection("http://0.0.0.0:8080/a b"));
    }

    @Test
    void portOutOfRangeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LivenessEndpoint.parse("http://0.0.0.0:70000/healthz"));
    }
}
