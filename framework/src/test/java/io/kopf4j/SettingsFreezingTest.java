package io.kopf4j;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingsFreezingTest {

    @Test
    void setterAfterFreezeThrowsNamingTheSetting() {
        OperatorSettings settings = new OperatorSettings();
        settings.freeze();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> settings.posting().level(EventLevel.WARNING));
        assertEquals("settings are frozen after startup: posting.level", e.getMessage());
    }

    @Test
    void frozenSettingKeepsItsValue() {
        OperatorSettings settings = new OperatorSettings();
        settings.posting().level(EventLevel.ERROR);
        settings.freeze();
        assertThrows(IllegalStateException.class, () -> settings.posting().level(EventLevel.DEBUG));
        assertEquals(EventLevel.ERROR, settings.posting().level());
    }

    @Test
    void gettersStillWorkAfterFreeze() {
        OperatorSettings settings = new OperatorSettings();
        settings.freeze();
        assertEquals("default", settings.peering().name());
        assertTrue(settings.frozen());
    }

    @Test
    void freezingTwiceIsHarmless() {
        OperatorSettings settings = new OperatorSettings();
        settings.freeze();
        settings.freeze();
        assertTrue(settings.frozen());
    }

    @Test
    void everySetterOfEveryGroupRefusesAfterFreezeWithItsOwnName() {
        OperatorSettings s = new OperatorSettings();
        List<String> names = new ArrayList<>();
        List<Consumer<OperatorSettings>> setters = List.of(
                x -> x.process().ultimateExitingTimeout(Duration.ofSeconds(1)),
                x -> x.posting().enabled(false),
                x -> x.posting().loggers(true),
                x -> x.posting().level(EventLevel.DEBUG),
                x -> x.posting().reportingComponent("c"),
                x -> x.posting().reportingInstance("i"),
                x -> x.posting().eventNamePrefix("p-"),
                x -> x.peering().name("n"),
                x -> x.peering().stealth(true),
                x -> x.peering().priority(1),
                x -> x.peering().lifetime(Duration.ofSeconds(1)),
                x -> x.peering().mandatory(true),
                x -> x.peering().standalone(true),
                x -> x.peering().clusterwide(true),
                x -> x.peering().namespaced(true),
                x -> x.watching().serverTimeout(null),
                x -> x.watching().clientTimeout(null),
                x -> x.watching().connectTimeout(null),
                x -> x.watching().reconnectBackoff(Duration.ZERO),
                x -> x.watching().inactivityTimeout(Duration.ofSeconds(1)),
                x -> x.queueing().workerLimit(1),
                x -> x.queueing().idleTimeout(Duration.ZERO),
                x -> x.queueing().exitTimeout(Duration.ZERO),
                x -> x.queueing().errorDelays(List.of()),
                x -> x.scanning().disabled(true),
                x -> x.admission().server(null),
                x -> x.admission().managed(null),
                x -> x.execution().defaultBackoff(Duration.ZERO),
                x -> x.execution().maxWorkers(1),
                x -> x.execution().lifecycle(Lifecycle.ONE_BY_ONE),
                x -> x.background().cancellationPolling(Duration.ofSeconds(1)),
                x -> x.background().instantExitTimeout(null),
                x -> x.networking().requestTimeout(null),
                x -> x.networking().connectTimeout(null),
                x -> x.networking().errorBackoffs(List.of()),
                x -> x.networking().enforceRetryAfter(true),
                x -> x.networking().trustEnv(true),
                x -> x.networking().requestLimit(10),
                x -> x.persistence().finalizer("example.com/f"),
                x -> x.persistence().progressStorage(ProgressStorage.status()),
                x -> x.persistence().diffBaseStorage(DiffBaseStorage.status()),
                x -> x.persistence().consistencyTimeout(Duration.ZERO));
        s.freeze();
        for (Consumer<OperatorSettings> setter : setters) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> setter.accept(s));
            assertTrue(e.getMessage().startsWith("settings are frozen after startup: "), e.getMessage());
            names.add(e.getMessage().substring("settings are frozen after startup: ".length()));
        }
        assertEquals(names.size(), names.stream().distinct().count(), "each setter names itself: " + names);
    }
}
