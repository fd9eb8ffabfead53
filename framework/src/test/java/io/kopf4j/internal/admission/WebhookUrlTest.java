package io.kopf4j.internal.admission;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The URL the API server reaches the webhooks at, from the listening address, as Kopf builds it. */
class WebhookUrlTest {

    @Test
    void catchAllAddressesBecomeReachableOnes() {
        assertEquals("localhost", Admission.accessibleHost(null));
        assertEquals("127.0.0.1", Admission.accessibleHost("0.0.0.0"));
        assertEquals("::1", Admission.accessibleHost("::"));
        assertEquals("10.1.2.3", Admission.accessibleHost("10.1.2.3"));
        assertEquals("webhooks.example.com", Admission.accessibleHost("webhooks.example.com"));
    }

    @Test
    void defaultPortsAreLeftOutAndIpv6IsBracketed() {
        assertEquals("https://localhost:9443", Admission.url("https", "localhost", 9443).toString());
        assertEquals("https://host.k3d.internal", Admission.url("https", "host.k3d.internal", 443).toString());
        assertEquals("http://[::1]:8080", Admission.url("http", "::1", 8080).toString());
        assertEquals("http://10.0.0.1", Admission.url("http", "10.0.0.1", 80).toString());
    }
}
