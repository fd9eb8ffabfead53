package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.kopf4j.internal.handling.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The finalizer on the embedded server: added atomically before handling, removed after, others untouched. */
class FinalizerHandlingTest extends ServerFixture {
    private final List<String> calls = new ArrayList<>();

    private HandlerSpec handler(String id, HandlerKind kind) {
        return Fixtures.Spec.of(id, kind, ctx -> {
            calls.add(id);
            return null;
        }).build();
    }

    private static List<String> finalizers(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.path("metadata").path("finalizers").forEach(f -> out.add(f.asText()));
        return out;
    }

    @Test
    void finalizerIsAddedBeforeTheFirstCreationHandlingWithoutTouchingOthers() {
        create("obj", "{'metadata':{'finalizers':['other.example.com/keep']}}");
        Processor processor = processor(handler("create_fn", HandlerKind.CREATE), handler("delete_fn",
                HandlerKind.DELETE));
        ObjectMemory memory = new ObjectMemory();
        ProcessingResult first = processor.process(memory, "ADDED", get("obj"));
        assertEquals(List.of(), calls);
        assertEquals(1, first.writes());
        JsonNode body = get("obj");
        assertEquals(List.of("other.example.com/keep", FINALIZER), finalizers(body));
        assertEquals(body.path("metadata").path("resourceVersion").asText(), first.resourceVersion().orElseThrow());

        process(processor, memory, "obj");
        assertEquals(List.of("create_fn"), calls);
    }

    @Test
    void finalizerListIsCreatedWhenThereIsNone() {
        create("obj", null);
        processor(handler("delete_fn", HandlerKind.DELETE)).process(new ObjectMemory(), "ADDED", get("obj"));
        assertEquals(List.of(FINALIZER), finalizers(get("obj")));
    }

    @Test
    void noFinalizerForOptionalDeleteHandlers() {
        create("obj", null);
        HandlerSpec optional = Fixtures.Spec.of("delete_fn", HandlerKind.DELETE, ctx -> null).asOptional().build();
        ProcessingResult result = processor(optional).process(new ObjectMemory(), "ADDED", get("obj"));
        JsonNode body = get("obj");
        assertTrue(finalizers(body).isEmpty(), finalizers(body).toString());
        assertTrue(body.path("metadata").path("annotations").has("kopf.zalando.org/last-handled-configuration"),
                "the object was processed (its creation handled), only without a finalizer");
        assertEquals(1, result.writes());
    }

    @Test
    void finalizerIsRemovedWhenNoHandlerRequiresItAndOthersStay() {
        create("obj", "{'metadata':{'finalizers':['a.example.com/x','" + FINALIZER + "','b.example.com/y']}}");
        processor(handler("create_fn", HandlerKind.CREATE)).process(new ObjectMemory(), "ADDED", get("obj"));
        assertEquals(List.of("a.example.com/x", "b.example.com/y"), finalizers(get("obj")));
    }

    @Test
    void staleResourceVersionFailsTheTestAndIsRetriedNextCycle() {
        create("obj", null);
        JsonNode stale = get("obj");
        api.patch(PATH + "/obj", json("{'metadata':{'labels':{'changed':'meanwhile'}}}"),
                io.kopf4j.internal.cluster.ClusterApi.PatchType.MERGE);
        Processor processor = processor(handler("delete_fn", HandlerKind.DELETE));
        ObjectMemory memory = new ObjectMemory();
        ProcessingResult result = processor.process(memory, "ADDED", stale);   // 422 on the test: nothing written
        assertEquals(0, result.writes());
        assertFalse(finalizers(get("obj")).contains(FINALIZER));
        processor.process(memory, "MODIFIED", get("obj"));
        assertEquals(List.of(FINALIZER), finalizers(get("obj")));
    }

    @Test
    void objectsBeingDeletedWithoutOurFinalizerAreLeftAlone() {
        create("obj", "{'metadata':{'finalizers':['other.example.com/keep']}}");
        api.delete(PATH + "/obj");
        JsonNode deleting = get("obj");
        String rv = deleting.path("metadata").path("resourceVersion").asText();
        ProcessingResult result = processor(handler("create_fn", HandlerKind.CREATE),
                handler("delete_fn", HandlerKind.DELETE)).process(new ObjectMemory(), "MODIFIED", deleting);
        assertEquals(0, result.writes());
        assertEquals(List.of(), calls);
        assertEquals(rv, get("obj").path("metadata").path("resourceVersion").asText());
    }
}
