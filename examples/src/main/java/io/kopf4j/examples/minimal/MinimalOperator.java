package io.kopf4j.examples.minimal;

import io.kopf4j.On;
import io.kopf4j.Spec;
import org.slf4j.Logger;

import java.util.Map;

/**
 * Kopf's example 01, the smallest operator: one create handler for KopfExample objects. Its result is stored in the
 * object's status under the handler's id, {@code status.create_fn}, where the CRD's printer columns show it.
 */
public class MinimalOperator {

    /** Kopf: {@code @kopf.on.create('kopfexamples')}; the id is given to match the CRD's printer columns. */
    @On.Create(value = "kopfexamples", id = "create_fn")
    Map<String, Object> createFn(Spec spec, Logger logger) {
        logger.info("And here we are! Creating: {}", spec.asMap());
        return Map.of("message", "hello world");
    }
}
