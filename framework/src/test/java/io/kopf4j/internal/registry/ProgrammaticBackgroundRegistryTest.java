package io.kopf4j.internal.registry;

import io.kopf4j.HandlerOptions;
import io.kopf4j.OperatorSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers, daemons, indices and activities registered in code: their specs, options and registration errors. */
class ProgrammaticBackgroundRegistryTest {

    private static String problem(Runnable registration) {
        return assertThrows(IllegalArgumentException.class, registration::run).getMessage();
    }

    @Test
    void timersAndDaemonsGetTheBackgroundOptionsOfTheAnnotations() throws Exception {
        RealRegistry registry = new RealRegistry();
        registry.onTimer("kopfexamples", Duration.ofSeconds(3), ctx -> null)
                .onTimer("kopfexamples", ctx -> null, HandlerOptions.builder().id("idle").idle(Duration.ofSeconds(5))
                        .interval(Duration.ofSeconds(1)).sharp(true).initialDelay(Duration.ofMillis(500)).build())
                .onDaemon("kopfexamples", ctx -> null)
                .onDaemon("kopfexamples", ctx -> null, HandlerOptions.builder().id("patient")
                        .cancellationBackoff(Duration.ofSeconds(2)).cancellationTimeout(Duration.ofSeconds(4))
                        .cancellationPolling(Duration.ofSeconds(1))
                        .initialDelay(ctx -> Duration.ofSeconds(ctx.meta().name().length())).build());
        List<HandlerSpec> specs = registry.handlers();
        assertEquals(List.of("onTimer.kopfexamples", "idle", "onDaemon.kopfexamples", "patient"),
                specs.stream().map(s -> s.id().value()).toList());
        assertEquals(List.of(HandlerKind.TIMER, HandlerKind.TIMER, HandlerKind.DAEMON, HandlerKind.DAEMON),
                specs.stream().map(HandlerSpec::kind).toList());
        assertTrue(specs.get(0).requiresFinalizer(), "timers and daemons keep their objects until they exit");

        BackgroundOptions plain = specs.get(0).background().orElseThrow();
        assertEquals(Optional.of(Duration.ofSeconds(3)), plain.interval());
        assertFalse(plain.sharp());
        BackgroundOptions idle = specs.get(1).background().orElseThrow();
        assertEquals(new BackgroundOptions(Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofMillis(500)),
                Optional.empty(), Optional.of(Duration.ofSeconds(5)), true, Optional.empty(), Optional.empty(),
                Optional.empty()), idle);
        BackgroundOptions patient = specs.get(3).background().orElseThrow();
        assertEquals(Optional.of(Duration.ofSeconds(2)), patient.cancellationBackoff());
        assertEquals(Optional.of(Duration.ofSeconds(4)), patient.cancellationTimeout());
        assertEquals(Optional.of(Duration.ofSeconds(1)), patient.cancellationPolling());
        assertEquals(Duration.ofSeconds(4), patient.initialDelayMethod().orElseThrow()
                .invoke(FakeContext.of("{'metadata': {'name': 'kex1'}}")));
    }

    @Test
    void optionsOfTheWrongKindOfHandlerAreRejected() {
        RealRegistry registry = new RealRegistry();
        assertEquals("A timer needs an interval or idle (or both)\n    for registry.onTimer(\"kopfexamples\")",
                problem(() -> registry.onTimer("kopfexamples", ctx -> null, HandlerOptions.defaults())));
        assertTrue(problem(() -> registry.onTimer("kopfexamples", ctx -> null, HandlerOptions.builder()
                .interval(Duration.ofSeconds(1)).cancellationBackoff(Duration.ofSeconds(1)).build()))
                .startsWith("The cancellation options are for daemons"));
        assertTrue(problem(() -> registry.onDaemon("kopfexamples", ctx -> null, HandlerOptions.builder()
                .interval(Duration.ofSeconds(1)).build())).startsWith("interval, idle and sharp are for timers"));
        assertTrue(problem(() -> registry.onCreate("kopfexamples", ctx -> null, HandlerOptions.builder()
                .initialDelay(Duration.ofSeconds(1)).build())).contains("are for timers and daemons"));
        assertTrue(problem(() -> HandlerOptions.builder().interval(Duration.ZERO)).contains("busy loop"));
        assertThrows(IllegalArgumentException.class, () -> HandlerOptions.builder().idle(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> HandlerOptions.builder().cancellationPolling(Duration.ZERO));
        assertTrue(registry.handlers().isEmpty());
    }

    @Test
    void indicesAreNamedAndKeptApartFromTheResourceHandlers() throws Exception {
        RealRegistry registry = new RealRegistry();
        registry.onIndex("kopfexamples", "byName", ctx -> Map.of(ctx.meta().name(), 1))
                .onIndex("pods", "labelled", ctx -> 1, HandlerOptions.builder().label("app", "web").build());
        assertTrue(registry.handlers().isEmpty(), "indices are not resource handlers");
        List<HandlerSpec> indices = AnnotationScanner.scanIndices(registry);
        assertEquals(List.of("byName", "labelled"), indices.stream().map(s -> s.id().value()).toList());
        assertEquals(HandlerKind.EVENT, indices.get(0).kind());
        assertEquals(Map.of("kex1", 1), indices.get(0).invoker().invoke(FakeContext.of("{'metadata': {'name': "
                + "'kex1'}}")));
        assertFalse(indices.get(1).passes(FakeContext.of("{'metadata': {'labels': {'app': 'db'}}}")));

        assertTrue(problem(() -> registry.onIndex("pods", "byName", ctx -> null))
                .startsWith("Duplicate index name \"byName\""));
        assertTrue(problem(() -> registry.onIndex("pods", "other", ctx -> null, HandlerOptions.builder().id("x")
                .build())).contains("give the name only once"));
        assertTrue(problem(() -> registry.onIndex("pods", "", ctx -> null)).startsWith("An index needs a name"));
    }

    @Test
    void activitiesGetDefaultIdsTheirOptionsAndTheContext() throws Exception {
        RealRegistry registry = new RealRegistry();
        registry.onStartup(ctx -> ctx.settings().peering().priority(7))
                .onStartup(ctx -> "retry " + ctx.retry().attempt(), HandlerOptions.builder().id("second")
                        .retries(3).backoff(Duration.ofSeconds(2)).build())
                .onCleanup(ctx -> ctx.memo().get("x"))
                .onProbe("answer", ctx -> 42);
        List<ActivitySpec> specs = ActivityScanner.scan(registry);
        assertEquals(List.of("onStartup", "second", "onCleanup", "answer"), specs.stream().map(ActivitySpec::id)
                .toList());
        assertEquals(List.of(ActivitySpec.Activity.STARTUP, ActivitySpec.Activity.STARTUP,
                ActivitySpec.Activity.CLEANUP, ActivitySpec.Activity.PROBE),
                specs.stream().map(ActivitySpec::activity).toList());
        assertEquals(java.util.OptionalInt.of(3), specs.get(1).retries());
        assertEquals(io.kopf4j.ErrorMode.PERMANENT, specs.get(3).errors(), "a failing probe is not retried");

        OperatorSettings settings = new OperatorSettings();
        class PlainMemo extends java.util.HashMap<String, Object> implements io.kopf4j.Memo {
        }
        io.kopf4j.Memo memo = new PlainMemo();
        memo.put("x", "remembered");
        ActivitySpec.Context context = new ActivitySpec.Context() {
            @Override
            public OperatorSettings settings() {
                return settings;
            }

            @Override
            public org.slf4j.Logger logger() {
                return org.slf4j.helpers.NOPLogger.NOP_LOGGER;
            }

            @Override
            public io.kopf4j.Memo memo() {
                return memo;
            }

            @Override
            public int retry() {
                return 2;
            }

            @Override
            public java.util.function.Function<String, io.kopf4j.Index<?, ?>> indices() {
                return name -> {
                    throw new IllegalArgumentException("There is no index named '" + name + "'");
                };
            }
        };
        specs.get(0).invoker().invoke(context);
        assertEquals(7, settings.peering().priority(), "startup handlers may change the settings");
        assertEquals("retry 2", specs.get(1).invoker().invoke(context));
        assertEquals("remembered", specs.get(2).invoker().invoke(context));
        assertEquals(42, specs.get(3).invoker().invoke(context));

        assertTrue(problem(() -> registry.onStartup(ctx -> null)).startsWith("Duplicate handler id \"onStartup\""));
        assertTrue(problem(() -> registry.onProbe("", ctx -> null)).startsWith("A probe needs an id"));
        assertTrue(problem(() -> registry.onCleanup(ctx -> null, HandlerOptions.builder().id("filtered")
                .label("a", "b").build())).startsWith("Filters (labels, annotations, when) do not apply"));
    }
}
