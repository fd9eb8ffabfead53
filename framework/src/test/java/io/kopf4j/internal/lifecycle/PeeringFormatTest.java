package io.kopf4j.internal.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The peering records in Kopf's format, and the pause toggles. */
class PeeringFormatTest {

    @Test
    void lastseenIsWrittenAsKopfsIsoformatAndReadInItsVariants() {
        Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
        assertEquals("2026-01-02T03:04:05.123456+00:00", Peering.LASTSEEN.format(t));
        assertEquals(t, Peering.parseLastseen("2026-01-02T03:04:05.123456+00:00"));
        assertEquals(t, Peering.parseLastseen("2026-01-02T03:04:05.123456Z"));
        assertEquals(t, Peering.parseLastseen("2026-01-02T03:04:05.123456"));
        assertEquals(Instant.parse("2026-01-02T03:04:05Z"), Peering.parseLastseen("2026-01-02T03:04:05+00:00"));
        assertEquals(Instant.parse("2026-01-02T01:04:05Z"), Peering.parseLastseen("2026-01-02T03:04:05+02:00"));
        assertNull(Peering.parseLastseen("yesterday"));
    }

    @Test
    void peersAreReadFromTheStatusSkippingWhatIsNotARecord() throws Exception {
        var status = new ObjectMapper().readTree("""
                {"a@h/1/x":{"priority":100,"lifetime":60,"lastseen":"2026-01-02T03:04:05.000000+00:00"},
                 "b@h":{"lifetime":1,"lastseen":"2026-01-02T03:04:05+00:00","future":"field"},
                 "removed":null}""");
        List<Peering.Peer> peers = Peering.peers(status);
        assertEquals(2, peers.size());
        assertEquals(100, peers.get(0).priority());
        assertEquals(0, peers.get(1).priority());
        assertTrue(peers.get(1).dead(Instant.parse("2026-01-02T03:04:06Z")));
        assertFalse(peers.get(0).dead(Instant.parse("2026-01-02T03:05:04Z")));
        assertTrue(peers.get(0).dead(Instant.parse("2026-01-02T03:05:05Z")));
    }

    @Test
    void theOperatorResumesOnlyWhenTheLastReasonIsGone() {
        AtomicInteger resumed = new AtomicInteger();
        Pausing p = new Pausing(resumed::incrementAndGet);
        assertFalse(p.paused());
        assertTrue(p.set("peering", true));
        assertTrue(p.set("leader election", true) == false);
        assertFalse(p.set("peering", false));
        assertTrue(p.paused());
        assertEquals(0, resumed.get());
        assertTrue(p.set("leader election", false));
        assertFalse(p.paused());
        assertEquals(1, resumed.get());
    }

    @Test
    void ownIdentityFollowsKopf() {
        String manual = Peering.detectOwnId(true);
        String auto = Peering.detectOwnId(false);
        if (System.getenv("POD_ID") == null) {
            assertTrue(manual.contains("@"), manual);
            assertTrue(auto.startsWith(manual + "/"), auto);
            assertTrue(auto.matches(".*/\\d{14}/[a-z0-9]{3}"), auto);
        }
    }
}
