package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.internal.registry.HandlerKind;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Results in status.<id>, status through /status, patch.fn as a JSON-patch, and how few writes a cycle makes. */
class ResultsAndPatchesTest extends ServerFixture {

    @Test
    void creationWithOneHandlerTakesTwoWritesAsKopfAndThenNone() {
        create("obj", null);
        Processor processor = processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE,
                ctx -> Map.of("message", "hello")).build());
        ObjectMemory memory = new ObjectMemory();
        ProcessingResult result = processor.process(memory, "ADDED", get("obj"));
        // One merge-patch of the object (the diff base), one of /status (the result); no progress written at all.
        assertEquals(2, result.writes());
        JsonNode body = get("obj");
        assertEquals("hello", body.path("status").path("create_fn").path("message").asText());
        JsonNode annotations = body.path("metadata").path("annotations");
        assertEquals("{\"spec\":{\"field\":\"value\"}}\n",
                annotations.path("kopf.zalando.org/last-handled-configuration").asText());
        assertFalse(annotations.has("kopf.zalando.org/create_fn"));
        assertEquals(body.path("metadata").path("resourceVersion").asText(), result.resourceVersion().orElseThrow());
        assertTrue(result.delay().isEmpty());

        ProcessingResult again = processor.process(memory, "MODIFIED", body);     // our own patch comes back: NOOP
        assertEquals(0, again.writes());
    }

    @Test
    void creationWithoutResultTakesOneWrite() {
        create("obj", null);
        ProcessingResult result = processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> null).build())
                .process(new ObjectMemory(), "ADDED", get("obj"));
        assertEquals(1, result.writes());
    }

    @Test
    void statusChangesGoThroughTheStatusSubresource() {
        create("obj", null);
        processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> {
            ctx.patch().status().put("phase", "Ready");
            ctx.patch().metadata().labels().put("handled", "yes");
            return null;
        }).build()).process(new ObjectMemory(), "ADDED", get("obj"));
        JsonNode body = get("obj");
        assertEquals("Ready", body.path("status").path("phase").asText());   // the main resource ignores status
        assertEquals("yes", body.path("metadata").path("labels").path("handled").asText());
    }

    @Test
    void transformationsAreSentAsJsonPatchesAgainstTheFreshestBody() {
        create("obj", "{'spec':{'items':['a','b']}}");
        processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> {
            ctx.patch().fn(b -> b.withArray("/spec/items").add("c"));
            ctx.patch().fn(b -> b.withArray("/status/conditions").addObject().put("type", "Ready"));
            return null;
        }).build()).process(new ObjectMemory(), "ADDED", get("obj"));
        JsonNode body = get("obj");
        assertEquals("[\"a\",\"b\",\"c\"]", body.path("spec").path("items").toString());
        assertEquals("Ready", body.path("status").path("conditions").path(0).path("type").asText());
    }

    @Test
    void sleepingHandlersAskToBeProcessedAgainLater() {
        create("obj", null);
        ProcessingResult result = processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> {
            throw new io.kopf4j.TemporaryError("later", java.time.Duration.ofSeconds(15));
        }).build()).process(new ObjectMemory(), "ADDED", get("obj"));
        assertEquals(java.time.Duration.ofSeconds(15), result.delay().orElseThrow());
        assertTrue(get("obj").path("metadata").path("annotations").has("kopf.zalando.org/create_fn"));
    }
}
