package io.kopf4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pins every default that features.md (C: settings) promises, one assertion per default; Kopf: test_defaults.py. */
class SettingsDefaultsTest {
    private final OperatorSettings settings = new OperatorSettings();

    private static List<Duration> seconds(long... values) {
        return java.util.Arrays.stream(values).mapToObj(Duration::ofSeconds).toList();
    }

    @Test
    void processUltimateExitingTimeoutIs600Seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(600)), settings.process().ultimateExitingTimeout());
    }

    @Test
    void postingIsEnabled() {
        assertTrue(settings.posting().enabled());
    }

    @Test
    void postingLoggersIsOff() {
        assertFalse(settings.posting().loggers());
    }

    @Test
    void postingLevelIsInfo() {
        assertEquals(EventLevel.INFO, settings.posting().level());
    }

    @Test
    void postingReportingComponentIsKopf() {
        assertEquals("kopf", settings.posting().reportingComponent());
    }

    @Test
    void postingReportingInstanceIsDev() {
        assertEquals("dev", settings.posting().reportingInstance());
    }

    @Test
    void postingEventNamePrefixIsKopfEvent() {
        assertEquals("kopf-event-", settings.posting().eventNamePrefix());
    }

    @Test
    void peeringNameIsDefault() {
        assertEquals("default", settings.peering().name());
    }

    @Test
    void peeringPriorityIsZero() {
        assertEquals(0, settings.peering().priority());
    }

    @Test
    void peeringLifetimeIs60Seconds() {
        assertEquals(Duration.ofSeconds(60), settings.peering().lifetime());
    }

    @Test
    void peeringIsNotMandatory() {
        assertFalse(settings.peering().mandatory());
    }

    @Test
    void peeringIsNotStandalone() {
        assertFalse(settings.peering().standalone());
    }

    @Test
    void peeringIsNotStealth() {
        assertFalse(settings.peering().stealth());
    }

    @Test
    void peeringIsNamespacedUntilTheRunSetsTheScope() {
        assertFalse(settings.peering().clusterwide());
    }

    @Test
    void watchingServerTimeoutIsUnset() {
        assertEquals(Optional.empty(), settings.watching().serverTimeout());
    }

    @Test
    void watchingClientTimeoutIsUnset() {
        assertEquals(Optional.empty(), settings.watching().clientTimeout());
    }

    @Test
    void watchingConnectTimeoutIsUnset() {
        assertEquals(Optional.empty(), settings.watching().connectTimeout());
    }

    @Test
    void watchingReconnectBackoffIsATenthOfASecond() {
        assertEquals(Duration.ofMillis(100), settings.watching().reconnectBackoff());
    }

    @Test
    void watchingInactivityTimeoutIs70Seconds() {
        assertEquals(Duration.ofSeconds(70), settings.watching().inactivityTimeout());
    }

    @Test
    void queueingWorkerLimitIsUnset() {
        assertEquals(OptionalInt.empty(), settings.queueing().workerLimit());
    }

    @Test
    void queueingIdleTimeoutIs5Seconds() {
        assertEquals(Duration.ofSeconds(5), settings.queueing().idleTimeout());
    }

    @Test
    void queueingExitTimeoutIs2Seconds() {
        assertEquals(Duration.ofSeconds(2), settings.queueing().exitTimeout());
    }

    @Test
    void queueingErrorDelaysAreFibonacciFrom1To610Seconds() {
        assertEquals(seconds(1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610),
                settings.queueing().errorDelays());
    }

    @Test
    void scanningIsEnabled() {
        assertFalse(settings.scanning().disabled());
    }

    @Test
    void admissionServerIsUnset() {
        assertEquals(Optional.empty(), settings.admission().server());
    }

    @Test
    void admissionManagedIsUnset() {
        assertEquals(Optional.empty(), settings.admission().managed());
    }

    @Test
    void executionDefaultBackoffIs60Seconds() {
        assertEquals(Duration.ofSeconds(60), settings.execution().defaultBackoff());
    }

    @Test
    void executionMaxWorkersIsUnset() {
        assertEquals(OptionalInt.empty(), settings.execution().maxWorkers());
    }

    @Test
    void executionLifecycleIsAsap() {
        assertEquals(Lifecycle.ASAP, settings.execution().lifecycle());
    }

    @Test
    void networkingRequestTimeoutIs300Seconds() {
        assertEquals(Optional.of(Duration.ofSeconds(300)), settings.networking().requestTimeout());
    }

    @Test
    void networkingConnectTimeoutIsUnset() {
        assertEquals(Optional.empty(), settings.networking().connectTimeout());
    }

    @Test
    void networkingErrorBackoffsAreFibonacciFrom1To21Seconds() {
        assertEquals(seconds(1, 1, 2, 3, 5, 8, 13, 21), settings.networking().errorBackoffs());
    }

    @Test
    void networkingDoesNotEnforceRetryAfter() {
        assertFalse(settings.networking().enforceRetryAfter());
    }

    @Test
    void networkingDoesNotTrustTheEnvironment() {
        assertFalse(settings.networking().trustEnv());
    }

    @Test
    void networkingSendsAHundredRequestsAtOnce() {
        assertEquals(100, settings.networking().requestLimit(), "not in Kopf, which has no limit");
    }

    @Test
    void persistenceFinalizerIsKopfs() {
        assertEquals("kopf.zalando.org/KopfFinalizerMarker", settings.persistence().finalizer());
    }

    @Test
    void persistenceProgressStorageIsSmartOnKopfsAnnotationsAndLegacyStatus() {
        assertEquals(new ProgressStorage.Smart(
                        new ProgressStorage.Annotations("kopf.zalando.org", "touch-dummy", true, false),
                        new ProgressStorage.Status("status.kopf.progress", "status.kopf.dummy")),
                settings.persistence().progressStorage());
    }

    @Test
    void persistenceDiffBaseStorageIsTheLastHandledConfigurationAnnotation() {
        assertEquals(new DiffBaseStorage.Annotations("kopf.zalando.org", "last-handled-configuration", List.of(), true),
                settings.persistence().diffBaseStorage());
    }

    @Test
    void persistenceConsistencyTimeoutIs5Seconds() {
        assertEquals(Duration.ofSeconds(5), settings.persistence().consistencyTimeout());
    }

    @Test
    void backgroundCancellationPollingIs60Seconds() {
        assertEquals(Duration.ofSeconds(60), settings.background().cancellationPolling());
    }

    @Test
    void backgroundInstantExitTimeoutIsUnset() {
        assertEquals(Optional.empty(), settings.background().instantExitTimeout());
    }

    @Test
    void settingsAreNotFrozenWhenCreated() {
        assertFalse(settings.frozen());
    }

    @Test
    void temporaryErrorDelayIs60SecondsByDefault() {
        assertEquals(Duration.ofSeconds(60), new TemporaryError("later").delay());
    }

    @Test
    void admissionErrorCodeIs500ByDefault() {
        assertEquals(500, new AdmissionError("no").code());
    }

    @Test
    void webhookServerPortIs9443ByDefault() {
        assertEquals(9443, WebhookServer.selfSigned().port());
    }
}
