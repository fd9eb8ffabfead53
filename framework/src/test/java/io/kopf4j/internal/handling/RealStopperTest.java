package io.kopf4j.internal.handling;

import io.kopf4j.StopReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealStopperTest {

    @Test
    void interruptAfterTheStopRequestEndsTheAwaitLoopAsAStopAndKeepsTheFlag() throws Exception {
        RealStopper stopper = new RealStopper();
        stopper.stop(StopReason.RESOURCE_DELETED);
        Thread.currentThread().interrupt();       // the cancellation's interrupt, before the loop looked again
        try {
            assertTrue(stopper.await(Duration.ofSeconds(10)));
            assertTrue(Thread.interrupted(), "the interrupt flag stays set for what the daemon does next");
        } finally {
            Thread.interrupted();
        }
        assertEquals(StopReason.RESOURCE_DELETED, stopper.reason().orElseThrow());
    }

    @Test
    void interruptWithoutAStopRequestIsThrown() {
        RealStopper stopper = new RealStopper();
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class, () -> stopper.await(Duration.ofSeconds(10)));
        } finally {
            Thread.interrupted();
        }
        assertFalse(stopper.isStopped());
    }

    @Test
    void firstReasonStays() {
        RealStopper stopper = new RealStopper();
        assertTrue(stopper.stop(StopReason.OPERATOR_PAUSING));
        assertFalse(stopper.stop(StopReason.OPERATOR_EXITING));
        assertEquals(StopReason.OPERATOR_PAUSING, stopper.reason().orElseThrow());
    }
}
