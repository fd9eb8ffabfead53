package io.kopf4j.internal.util;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3));

    @Test
    void delaysFollowTheSequence() {
        Backoff backoff = Backoff.limited(DELAYS);
        assertEquals(Optional.of(Duration.ofSeconds(1)), backoff.delay(1));
        assertEquals(Optional.of(Duration.ofSeconds(3)), backoff.delay(3));
    }

    @Test
    void repeatingBackoffIsCappedAtTheLastDelay() {
        Backoff backoff = Backoff.repeatingLast(DELAYS);
        assertEquals(Optional.of(Duration.ofSeconds(3)), backoff.delay(4));
        assertEquals(Optional.of(Duration.ofSeconds(3)), backoff.delay(1000));
    }

    @Test
    void limitedBackoffEndsAfterTheLastDelay() {
        assertEquals(Optional.empty(), Backoff.limited(DELAYS).delay(4));
    }

    @Test
    void emptySequenceHasNoDelaysEvenWhenRepeating() {
        assertEquals(Optional.empty(), Backoff.repeatingLast(List.of()).delay(1));
        assertEquals(Optional.empty(), Backoff.limited(List.of()).delay(1));
    }

    @Test
    void attemptsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.limited(DELAYS).delay(0));
    }

    @Test
    void negativeDelaysAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.limited(List.of(Duration.ofSeconds(-1))));
    }

    @Test
    void policyIsImmutable() {
        List<Duration> mine = new java.util.ArrayList<>(DELAYS);
        Backoff backoff = Backoff.limited(mine);
        mine.clear();
        assertEquals(DELAYS, backoff.delays());
        assertThrows(UnsupportedOperationException.class, () -> backoff.delays().add(Duration.ZERO));
    }

    @Test
    void executionWalksTheSequenceAndCountsAttempts() {
        Backoff.Execution execution = Backoff.limited(DELAYS).start();
        assertEquals(Optional.of(Duration.ofSeconds(1)), execution.next());
        assertEquals(Optional.of(Duration.ofSeconds(2)), execution.next());
        assertEquals(2, execution.attempts());
        assertFalse(execution.exhausted());
        assertEquals(Optional.of(Duration.ofSeconds(3)), execution.next());
        assertTrue(execution.exhausted());
        assertEquals(Optional.empty(), execution.next());
        assertEquals(3, execution.attempts());
    }

    @Test
    void repeatingExecutionIsNeverExhausted() {
        Backoff.Execution execution = Backoff.repeatingLast(DELAYS).start();
        for (int i = 0; i < 10; i++) {
            execution.next();
        }
        assertFalse(execution.exhausted());
        assertEquals(Optional.of(Duration.ofSeconds(3)), execution.next());
    }

    @Test
    void executionsOfOnePolicyAreIndependent() {
        Backoff policy = Backoff.limited(DELAYS);
        Backoff.Execution first = policy.start();
        Backoff.Execution second = policy.start();
        first.next();
        first.next();
        assertNotSame(first, second);
        assertEquals(Optional.of(Duration.ofSeconds(1)), second.next());
        assertEquals(policy, second.policy());
    }
}
