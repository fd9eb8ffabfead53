package io.kopf4j.internal.lifecycle;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pause toggles: the operator pauses on the first reason and resumes when the last one is gone. */
class PausingTest {

    @Test
    void pauseRunsOnTheFirstReasonAndResumeWhenTheLastOneIsGone() {
        List<String> calls = new CopyOnWriteArrayList<>();
        Pausing p = new Pausing(() -> calls.add("pause"), () -> calls.add("resume"));
        assertTrue(p.set("peering", true));
        assertTrue(p.paused());
        assertFalse(p.set("leader election", true));
        assertFalse(p.set("peering", false));
        assertEquals(List.of("pause"), calls, "still paused by the Lease");
        assertTrue(p.set("leader election", false));
        assertEquals(List.of("pause", "resume"), calls);
        assertFalse(p.set("peering", false), "already running");
        assertTrue(p.set("leader election", true));
        assertEquals(List.of("pause", "resume", "pause"), calls);
    }

    @Test
    void callbacksSeeTheNewStateAndMayReadIt() {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        Pausing[] p = new Pausing[1];
        p[0] = new Pausing(() -> seen.add(p[0].paused()), () -> seen.add(p[0].paused()));
        p[0].set("peering", true);
        p[0].set("peering", false);
        assertEquals(List.of(true, false), seen);
    }
}
