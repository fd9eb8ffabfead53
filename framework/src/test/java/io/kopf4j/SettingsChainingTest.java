package io.kopf4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsChainingTest {
    private final OperatorSettings settings = new OperatorSettings();

    @Test
    void settersReturnTheirGroupForChaining() {
        OperatorSettings.Posting posting = settings.posting()
                .level(EventLevel.WARNING)
                .loggers(true)
                .reportingInstance("pod-1");
        assertSame(settings.posting(), posting);
        assertEquals(EventLevel.WARNING, posting.level());
        assertTrue(posting.loggers());
        assertEquals("pod-1", posting.reportingInstance());
    }

    @Test
    void groupsAreTheSameInstanceOnEveryCall() {
        assertSame(settings.peering(), settings.peering());
        assertSame(settings.networking(), settings.networking());
    }

    @Test
    void optionalSettingsAreUnsetWithNull() {
        settings.networking().requestTimeout(null);
        assertEquals(Optional.empty(), settings.networking().requestTimeout());
        settings.watching().serverTimeout(Duration.ofSeconds(30));
        assertEquals(Optional.of(Duration.ofSeconds(30)), settings.watching().serverTimeout());
    }

    @Test
    void workerLimitCanBeSetAndRemoved() {
        settings.queueing().workerLimit(3);
        assertEquals(OptionalInt.of(3), settings.queueing().workerLimit());
        settings.queueing().noWorkerLimit();
        assertEquals(OptionalInt.empty(), settings.queueing().workerLimit());
    }

    @Test
    void maxWorkersBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> settings.execution().maxWorkers(0));
    }

    @Test
    void negativeDurationsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> settings.execution().defaultBackoff(Duration.ofSeconds(-1)));
    }

    @Test
    void sequencesAreCopiedAndImmutable() {
        List<Duration> mine = new ArrayList<>(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        settings.networking().errorBackoffs(mine);
        mine.add(Duration.ofSeconds(3));
        assertEquals(2, settings.networking().errorBackoffs().size());
        assertThrows(UnsupportedOperationException.class,
                () -> settings.networking().errorBackoffs().add(Duration.ZERO));
    }

    @Test
    void namespacedIsTheInverseOfClusterwide() {
        settings.peering().namespaced(false);
        assertTrue(settings.peering().clusterwide());
        assertFalse(settings.peering().namespaced());
    }

    @Test
    void storagesAreDescribedByFactories() {
        settings.persistence()
                .progressStorage(ProgressStorage.multi(ProgressStorage.annotations("example.com"),
                        ProgressStorage.status("status.my-op.progress")))
                .diffBaseStorage(DiffBaseStorage.annotations("example.com", "last").ignoring("spec.replicas"));
        assertEquals(new ProgressStorage.Multi(List.of(
                        new ProgressStorage.Annotations("example.com", "touch-dummy", true, false),
                        new ProgressStorage.Status("status.my-op.progress", "status.kopf.dummy"))),
                settings.persistence().progressStorage());
        assertEquals(List.of("spec.replicas"), settings.persistence().diffBaseStorage().ignoredFields());
    }

    @Test
    void annotationStoragesMustBePrefixed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProgressStorage.annotations(""));
        assertEquals("Annotations storages must be prefixed.", e.getMessage());
    }
}
