package io.kopf4j.internal.handling;

import io.kopf4j.internal.cluster.ApiNotFoundError;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Deletion on the embedded server: the delete handler runs once, the finalizer is released, the object is gone. */
class DeletionHandlingTest extends ServerFixture {

    @Test
    void deleteHandlerRunsOnceThenTheObjectIsReleasedAndGone() {
        List<String> calls = new ArrayList<>();
        HandlerSpec create = Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> {
            calls.add("create");
            return null;
        }).build();
        HandlerSpec delete = Fixtures.Spec.of("delete_fn", HandlerKind.DELETE, ctx -> {
            calls.add("delete:" + ctx.reason());
            return null;
        }).build();
        Processor processor = processor(create, delete);
        ObjectMemory memory = new ObjectMemory();
        create("obj", null);
        processor.process(memory, "ADDED", get("obj"));          // finalizer
        processor.process(memory, "MODIFIED", get("obj"));       // create handler + diff base
        processor.process(memory, "MODIFIED", get("obj"));       // NOOP
        assertEquals(List.of("create"), calls);

        api.delete(PATH + "/obj");
        ProcessingResult result = processor.process(memory, "MODIFIED", get("obj"));
        assertEquals(List.of("create", "delete:DELETE"), calls);
        assertEquals(1, result.writes());                         // just the finalizer's JSON-patch
        assertThrows(ApiNotFoundError.class, () -> get("obj"));
        assertEquals(ProcessingResult.nothing(),
                processor.process(memory, "DELETED", io.kopf4j.internal.registry.Views.emptyObject()
                        .put("kind", "KopfExample")));
        assertEquals(List.of("create", "delete:DELETE"), calls);
    }

    @Test
    void failingDeleteHandlerKeepsTheFinalizerUntilItSucceeds() {
        int[] attempts = {0};
        HandlerSpec delete = Fixtures.Spec.of("delete_fn", HandlerKind.DELETE, ctx -> {
            if (attempts[0]++ == 0) {
                throw new io.kopf4j.TemporaryError("not yet", java.time.Duration.ofSeconds(5));
            }
            return null;
        }).build();
        Processor processor = processor(delete);
        ObjectMemory memory = new ObjectMemory();
        create("obj", null);
        processor.process(memory, "ADDED", get("obj"));
        processor.process(memory, "MODIFIED", get("obj"));
        api.delete(PATH + "/obj");
        ProcessingResult first = processor.process(memory, "MODIFIED", get("obj"));
        assertEquals(java.time.Duration.ofSeconds(5), first.delay().orElseThrow());
        assertEquals(List.of(FINALIZER), List.of(get("obj").path("metadata").path("finalizers").get(0).asText()));
        clock.advance(java.time.Duration.ofSeconds(5));
        processor.process(memory, "MODIFIED", get("obj"));
        assertEquals(2, attempts[0]);
        assertThrows(ApiNotFoundError.class, () -> get("obj"));
    }
}
