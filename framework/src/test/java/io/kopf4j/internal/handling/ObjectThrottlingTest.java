package io.kopf4j.internal.handling;

import io.kopf4j.internal.util.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An object's error throttling: the delays escalate with each failure in a row and start over after a success. */
class ObjectThrottlingTest {
    private static final Backoff DELAYS = Backoff.repeatingLast(List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)));

    @Test
    void failuresInARowWalkTheDelaysAndRepeatTheLast() {
        ObjectMemory memory = new ObjectMemory();
        assertEquals(Optional.of(Duration.ofSeconds(1)), memory.throttle(DELAYS));
        assertEquals(Optional.of(Duration.ofSeconds(3)), memory.throttle(DELAYS));
        assertEquals(Optional.of(Duration.ofSeconds(3)), memory.throttle(DELAYS));
        assertEquals(3, memory.throttlingOver());
    }

    @Test
    void aSuccessStartsTheDelaysOver() {
        ObjectMemory memory = new ObjectMemory();
        memory.throttle(DELAYS);
        memory.throttle(DELAYS);
        assertEquals(2, memory.throttlingOver());
        assertEquals(0, memory.throttlingOver(), "nothing to end twice");
        assertEquals(Optional.of(Duration.ofSeconds(1)), memory.throttle(DELAYS));
    }

    @Test
    void withoutDelaysThereIsNoRecheck() {
        ObjectMemory memory = new ObjectMemory();
        assertEquals(Optional.empty(), memory.throttle(Backoff.repeatingLast(List.of())));
    }
}
