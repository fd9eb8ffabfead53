package io.kopf4j.internal.handling;

import io.kopf4j.Lifecycle;
import io.kopf4j.OperatorSettings;
import io.kopf4j.TemporaryError;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which pending handlers run in one cycle under each lifecycle. */
class LifecycleOrderTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final List<String> calls = new ArrayList<>();

    private HandlerSpec spec(String id) {
        return Fixtures.Spec.of(id, HandlerKind.CREATE, ctx -> {
            calls.add(id);
            return null;
        }).build();
    }

    private List<String> oneCycle(Lifecycle lifecycle, List<HandlerSpec> specs) {
        OperatorSettings settings = new OperatorSettings();
        settings.execution().lifecycle(lifecycle);
        Execution execution = Fixtures.execution(settings, clock);
        List<HandlerId> ids = specs.stream().map(HandlerSpec::id).toList();
        execution.handle(specs, ids, HandlerStates.empty().withPurpose("create", List.of())
                .withHandlers(ids, clock.instant()), Fixtures.cause(ChangeReason.CREATE, json("{'metadata':{}}")));
        return calls;
    }

    @Test
    void asapIsTheDefaultAndRunsOneHandlerPerCycle() {
        assertEquals(Lifecycle.ASAP, new OperatorSettings().execution().lifecycle());
        assertEquals(List.of("a"), oneCycle(Lifecycle.ASAP, List.of(spec("a"), spec("b"), spec("c"))));
    }

    @Test
    void asapPrefersTheHandlerWithFewestRetriesSoAFailingOneDoesNotStarveTheRest() {
        HandlerSpec failing = Fixtures.Spec.of("a", HandlerKind.CREATE, ctx -> {
            calls.add("a");
            throw new TemporaryError("no", Duration.ZERO);
        }).build();
        Execution execution = Fixtures.execution(clock);
        List<HandlerSpec> specs = List.of(failing, spec("b"));
        List<HandlerId> ids = specs.stream().map(HandlerSpec::id).toList();
        HandlerStates states = HandlerStates.empty().withPurpose("create", List.of()).withHandlers(ids,
                clock.instant());
        for (int i = 0; i < 3; i++) {
            states = execution.handle(specs, ids, states, Fixtures.cause(ChangeReason.CREATE, json("{}")));
        }
        assertEquals(List.of("a", "b", "a"), calls);
    }

    @Test
    void oneByOneRunsTheFirstRegistered() {
        assertEquals(List.of("a"), oneCycle(Lifecycle.ONE_BY_ONE, List.of(spec("a"), spec("b"))));
    }

    @Test
    void allAtOnceRunsAllInRegistrationOrder() {
        assertEquals(List.of("a", "b", "c"), oneCycle(Lifecycle.ALL_AT_ONCE, List.of(spec("a"), spec("b"), spec("c"))));
    }

    @Test
    void randomizedRunsOneOfThem() {
        List<String> ran = oneCycle(Lifecycle.RANDOMIZED, List.of(spec("a"), spec("b"), spec("c")));
        assertEquals(1, ran.size());
    }

    @Test
    void shuffledRunsAllInSomeOrder() {
        List<String> ran = oneCycle(Lifecycle.SHUFFLED, List.of(spec("a"), spec("b"), spec("c")));
        assertEquals(new HashSet<>(List.of("a", "b", "c")), new HashSet<>(ran));
        assertEquals(3, ran.size());
    }

    @Test
    void finishedAndSleepingHandlersAreNotPlanned() {
        List<HandlerSpec> specs = List.of(spec("a"), spec("b"));
        HandlerStates states = HandlerStates.empty().withPurpose("create", List.of())
                .withHandlers(List.of(HandlerId.of("a"), HandlerId.of("b")), clock.instant());
        states = states.withOutcomes(java.util.Map.of(
                HandlerId.of("a"), new Execution.Invocation(new io.kopf4j.internal.model.Outcome.Succeeded(null),
                        java.util.Set.of()),
                HandlerId.of("b"), new Execution.Invocation(new io.kopf4j.internal.model.Outcome.Retrying(
                        Duration.ofSeconds(9), null), java.util.Set.of())), clock.instant());
        assertEquals(List.of(), Lifecycles.plan(Lifecycle.ALL_AT_ONCE, List.of(), states, new Random()));
        Execution execution = Fixtures.execution(clock);
        execution.executeOnce(specs, states, Fixtures.cause(ChangeReason.CREATE, json("{}")));
        assertEquals(List.of(), calls);
    }
}
