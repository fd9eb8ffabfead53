package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.registry.HandlerKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.Views;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Objects handled (or half-handled) by Kopf 1.44 move to kopf4j without re-running finished handlers. */
class KopfCompatibilityTest extends ServerFixture {
    /** As Kopf 1.44 writes a finished handler's record (progress.py, compact JSON). */
    private static final String KOPF_FINISHED = "{\"started\":\"2020-12-31T23:59:59.123456+00:00\","
            + "\"stopped\":\"2020-12-31T23:59:59.234567+00:00\",\"purpose\":\"create\",\"retries\":1,"
            + "\"success\":true,\"failure\":false}";
    /** As Kopf 1.44 writes a handler that failed temporarily and is due again. */
    private static final String KOPF_RETRYING = "{\"started\":\"2020-12-31T23:59:59.123456+00:00\","
            + "\"delayed\":\"2020-12-31T23:59:59.123456+00:00\",\"purpose\":\"create\",\"retries\":1,"
            + "\"success\":false,\"failure\":false,\"message\":\"not yet\"}";
    /** As Kopf 1.44 stores the diff base of {@code spec: {field: value}}. */
    private static final String KOPF_DIFFBASE = "{\"spec\":{\"field\":\"value\"}}\n";

    private final List<String> calls = new ArrayList<>();

    private HandlerSpec handler(String id, HandlerKind kind) {
        return Fixtures.Spec.of(id, kind, ctx -> {
            calls.add(id);
            return null;
        }).build();
    }

    private JsonNode createWithAnnotations(String name, String... keysAndValues) {
        ObjectNode annotations = Views.MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            annotations.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        ObjectNode extra = Views.MAPPER.createObjectNode();
        extra.putObject("metadata").set("annotations", annotations);
        ((ObjectNode) extra.get("metadata")).putArray("finalizers").add(FINALIZER);
        return create(name, extra.toString().replace('"', '\''));
    }

    @Test
    void anObjectHalfHandledByKopfIsResumedWithoutReRunningFinishedHandlers() {
        ObjectNode annotations = Views.MAPPER.createObjectNode()
                .put("kopf.zalando.org/create_fn_1", KOPF_FINISHED)
                .put("kopf.zalando.org/create_fn_2", KOPF_RETRYING);
        ObjectNode body = (ObjectNode) Fixtures.json("{'apiVersion':'kopf.dev/v1','kind':'KopfExample',"
                + "'metadata':{'name':'half','finalizers':['" + FINALIZER + "']},'spec':{'field':'value'}}");
        ((ObjectNode) body.get("metadata")).set("annotations", annotations);
        api.create(PATH, body);

        Processor processor = processor(handler("create_fn_1", HandlerKind.CREATE),
                handler("create_fn_2", HandlerKind.CREATE), handler("delete_fn", HandlerKind.DELETE));
        ProcessingResult result = processor.process(new ObjectMemory(), null, get("half"));   // seen while listing
        assertEquals(List.of("create_fn_2"), calls);
        JsonNode after = get("half").path("metadata").path("annotations");
        assertFalse(after.has("kopf.zalando.org/create_fn_1"), after.toString());   // purged: creation is done
        assertFalse(after.has("kopf.zalando.org/create_fn_2"), after.toString());
        assertEquals(KOPF_DIFFBASE, after.path("kopf.zalando.org/last-handled-configuration").asText());
        assertEquals(1, result.writes());
    }

    @Test
    void legacyStatusProgressIsReadAndPurged() {
        createWithAnnotations("legacy");
        api.patchStatus(PATH + "/legacy", Fixtures.json("{'status':{'kopf':{'progress':{'create_fn_1':"
                + "{'started':'2020-02-14T16:58:25.396364','stopped':'2020-02-14T16:58:25.401844','retries':1,"
                + "'success':true}}}}}"));
        Processor processor = processor(handler("create_fn_1", HandlerKind.CREATE),
                handler("create_fn_2", HandlerKind.CREATE), handler("delete_fn", HandlerKind.DELETE));
        processor.process(new ObjectMemory(), null, get("legacy"));
        assertEquals(List.of("create_fn_2"), calls);
        JsonNode after = get("legacy");
        assertTrue(after.path("status").path("kopf").path("progress").path("create_fn_1").isMissingNode(),
                after.toString());
    }

    @Test
    void anObjectFullyHandledByKopfIsResumedNotCreated() {
        createWithAnnotations("done", "kopf.zalando.org/last-handled-configuration", KOPF_DIFFBASE);
        Processor processor = processor(handler("create_fn", HandlerKind.CREATE),
                handler("resume_fn", HandlerKind.RESUME), handler("delete_fn", HandlerKind.DELETE));
        ObjectMemory memory = new ObjectMemory();
        processor.process(memory, null, get("done"));
        assertEquals(List.of("resume_fn"), calls);
        processor.process(memory, "MODIFIED", get("done"));       // resumed once per process: now NOOP
        assertEquals(List.of("resume_fn"), calls);
    }

    @Test
    void kopf4jWritesWhatKopfReads() {
        createWithAnnotations("ours");
        Processor processor = processor(Fixtures.Spec.of("create_fn", HandlerKind.CREATE, ctx -> {
            throw new io.kopf4j.TemporaryError("not yet", java.time.Duration.ofSeconds(60));
        }).build(), handler("delete_fn", HandlerKind.DELETE));
        processor.process(new ObjectMemory(), "ADDED", get("ours"));
        String record = get("ours").path("metadata").path("annotations").path("kopf.zalando.org/create_fn").asText();
        assertEquals("{\"started\":\"2020-12-31T23:59:59.123456+00:00\",\"delayed\":\"2021-01-01T00:00:59.123456+00:00\","
                + "\"purpose\":\"create\",\"retries\":1,\"success\":false,\"failure\":false,\"message\":\"not yet\"}",
                record);
    }
}
