package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.TemporaryError;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ProgressRecord;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.Views;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sub-handlers: parent/child ids, own progress, subrefs, the parent done only when all children are. */
class SubhandlersTest {
    private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    private final Execution execution = Fixtures.execution(clock);
    private final List<String> calls = new ArrayList<>();
    private final HandlerId parent = HandlerId.of("parent");

    private HandlerSpec parentSpec(boolean explicit) {
        return Fixtures.Spec.of("parent", HandlerKind.CREATE, ctx -> {
            calls.add("parent");
            ctx.subhandlers().register("a", c -> {
                calls.add("a");
                return "done-a";
            });
            ctx.subhandlers().register("b", c -> {
                calls.add("b");
                if (c.retry().attempt() == 0) {
                    throw new TemporaryError("b later", Duration.ofSeconds(10));
                }
                return null;
            });
            if (explicit) {
                ctx.subhandlers().execute();
                calls.add("after-execute");
            }
            return null;
        }).build();
    }

    /** One cycle on a body that carries what the previous cycle patched (as the server would). */
    private JsonNode cycle(HandlerSpec spec, JsonNode body, HandlerStates[] out) {
        ChangingCause cause = Fixtures.cause(ChangeReason.CREATE, body);
        HandlerStates states = HandlerStates.fromStorage(body, execution.store(), List.of(parent), clock.instant())
                .withPurpose("create", List.of()).withHandlers(List.of(parent), clock.instant());
        out[0] = execution.handle(List.of(spec), List.of(parent), states, cause);
        JsonNode patched = body.deepCopy();
        return merge(patched, cause.object().patch().toMergePatch());
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) target).remove(e.getKey());
            } else if (e.getValue().isObject() && target.path(e.getKey()).isObject()) {
                merge(target.get(e.getKey()), e.getValue());
            } else {
                ((com.fasterxml.jackson.databind.node.ObjectNode) target).set(e.getKey(), e.getValue());
            }
        });
        return target;
    }

    private static ProgressRecord record(JsonNode body, String key) {
        return ProgressRecord.fromJson(body.path("metadata").path("annotations").path("kopf.zalando.org/" + key)
                .textValue());
    }

    @Test
    void childrenRunAfterTheParentWithTheirOwnProgressAndTheParentWaitsForThem() {
        HandlerStates[] states = new HandlerStates[1];
        JsonNode body = cycle(parentSpec(false), json("{'metadata':{'name':'x'}}"), states);
        assertEquals(List.of("parent", "a"), calls);     // children follow the lifecycle too (ASAP: one per cycle)
        assertFalse(states[0].get(parent).finished());
        assertEquals(Boolean.TRUE, record(body, "parent.a").success());
        assertEquals("done-a", body.path("status").path("parent/a").asText());

        calls.clear();
        body = cycle(parentSpec(false), body, states);
        assertEquals(List.of("parent", "b"), calls);     // a is finished: not re-run
        assertEquals("b later", record(body, "parent.b").message());
        assertEquals(List.of(HandlerId.of("parent/a"), HandlerId.of("parent/b")), states[0].get(parent).subrefs());
        assertEquals(List.of("parent/a", "parent/b"), record(body, "parent").subrefs());
        assertEquals(List.of(Duration.ofSeconds(10)), states[0].delays(clock.instant()));

        calls.clear();
        clock.advance(Duration.ofSeconds(10));
        cycle(parentSpec(false), body, states);
        assertEquals(List.of("parent", "b"), calls);
        assertTrue(states[0].get(parent).success());
        assertTrue(states[0].done());
    }

    @Test
    void explicitExecuteRunsChildrenInsideTheParent() {
        HandlerStates[] states = new HandlerStates[1];
        cycle(parentSpec(true), json("{'metadata':{'name':'x'}}"), states);
        assertEquals(List.of("parent", "a"), calls);      // b is pending: execute() threw, the parent is retried
        assertFalse(states[0].get(parent).finished());
    }

    @Test
    void childIdsUseTheParentPrefix() {
        assertEquals("parent/child", parent.child("child").value());
        assertEquals(Views.MAPPER.createObjectNode(), json("{}"));
    }
}
