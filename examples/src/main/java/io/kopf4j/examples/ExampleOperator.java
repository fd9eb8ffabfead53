package io.kopf4j.examples;

import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.Events;
import io.kopf4j.Meta;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import org.slf4j.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The example operator for KopfExample objects ({@code kopfexamples.kopf.dev}, see {@code crd.yaml}): Kopf's
 * examples 01 (minimal), 02 (children-free variant of the results), 03 (field handlers) and 04 (events) in one class.
 */
public class ExampleOperator {

    /** Kopf: {@code @kopf.on.create('kopfexamples')}; the result is stored at {@code status.created}. */
    @On.Create("kopfexamples")
    Map<String, Object> created(Spec spec, Meta meta, Logger logger, Events events, Body body) {
        logger.info("Creating {} with field={}", meta.name(), spec.get("field"));
        events.info(body, "Greeting", "hello from kopf4j");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("message", "hello world");
        if (spec.get("duration") != null) {
            result.put("duration", String.valueOf(spec.get("duration")));
        }
        return result;
    }

    /** Reacts to changes of {@code spec.field} only; the id becomes {@code fieldChanged/spec.field}. */
    @On.Update(value = "kopfexamples", field = "spec.field")
    void fieldChanged(Diff diff, Patch patch, Logger logger) {
        Object seen = diff.isEmpty() ? null : diff.get(0).newValue();
        logger.info("spec.field changed: {}", diff);
        patch.status().put("fieldSeen", seen);
    }

    /** Runs before the object goes: the operator holds it with its finalizer until this succeeds. */
    @On.Delete("kopfexamples")
    void deleted(Meta meta, Logger logger) {
        logger.info("Deleting {}: cleaning up", meta.name());
    }
}
