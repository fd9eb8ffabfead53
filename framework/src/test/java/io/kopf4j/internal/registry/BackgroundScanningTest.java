package io.kopf4j.internal.registry;

import io.kopf4j.On;
import io.kopf4j.Stopper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @On.Timer} and {@code @On.Daemon} are parsed into specs with their background options. */
class BackgroundScanningTest {

    static class Op {
        @On.Timer(value = "kopfexamples", interval = 1.5, idle = 10, sharp = true, initialDelay = 0.25)
        void tick(Stopper stopper) {
        }

        double delay() {
            return 2;
        }

        @On.Daemon(value = "kopfexamples", initialDelayMethod = "delay", cancellationBackoff = 1,
                cancellationTimeout = 5, cancellationPolling = 0.5)
        void watch(Stopper stopper) {
        }
    }

    @Test
    void timerAndDaemonOptionsAreParsedAndTheyNeedTheFinalizer() {
        HandlerSpec timer = AnnotationScanner.scan(new Op()).stream()
                .filter(s -> s.kind() == HandlerKind.TIMER).findFirst().orElseThrow();
        BackgroundOptions t = timer.background().orElseThrow();
        assertEquals(Optional.of(Duration.ofMillis(1500)), t.interval());
        assertEquals(Optional.of(Duration.ofSeconds(10)), t.idle());
        assertEquals(Optional.of(Duration.ofMillis(250)), t.initialDelay());
        assertTrue(t.sharp());
        assertTrue(timer.requiresFinalizer());

        HandlerSpec daemon = AnnotationScanner.scan(new Op()).stream()
                .filter(s -> s.kind() == HandlerKind.DAEMON).findFirst().orElseThrow();
        BackgroundOptions d = daemon.background().orElseThrow();
        assertTrue(d.initialDelayMethod().isPresent());
        assertEquals(Optional.of(Duration.ofSeconds(1)), d.cancellationBackoff());
        assertEquals(Optional.of(Duration.ofSeconds(5)), d.cancellationTimeout());
        assertEquals(Optional.of(Duration.ofMillis(500)), d.cancellationPolling());
        assertTrue(daemon.requiresFinalizer());
    }

    static class NoSchedule {
        @On.Timer("kopfexamples")
        void tick() {
        }
    }

    static class BadDelayMethod {
        String delay() {
            return "soon";
        }

        @On.Daemon(value = "kopfexamples", initialDelayMethod = "delay")
        void watch() {
        }
    }

    @Test
    void aTimerWithoutIntervalOrIdleIsAnError() {
        RegistrationError e = assertThrows(RegistrationError.class, () -> AnnotationScanner.scan(new NoSchedule()));
        assertTrue(e.getMessage().contains("needs an interval or idle"), e.getMessage());
    }

    @Test
    void anInitialDelayMethodMustReturnADurationOrSeconds() {
        RegistrationError e = assertThrows(RegistrationError.class,
                () -> AnnotationScanner.scan(new BadDelayMethod()));
        assertTrue(e.getMessage().contains("must return a Duration or seconds"), e.getMessage());
    }
}
