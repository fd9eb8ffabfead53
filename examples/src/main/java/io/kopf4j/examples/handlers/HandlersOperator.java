package io.kopf4j.examples.handlers;

import io.kopf4j.Diff;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.On;
import org.slf4j.Logger;

/**
 * Kopf's example 05: several handlers for the same cause, and a field handler. Handlers of one cause run one after
 * another; as Java reflection does not tell the source order, kopf4j takes them in method-name order (here
 * {@code createFn1} before {@code createFn2}). The delete handlers make the operator put its finalizer on every object,
 * so that they run before the object goes.
 */
public class HandlersOperator {

    @On.Resume("kopfexamples")
    void resumeFn1(Logger logger) {
        logger.info("RESUMED 1st");
    }

    @On.Create("kopfexamples")
    void createFn1(Logger logger) {
        logger.info("CREATED 1st");
    }

    @On.Resume("kopfexamples")
    void resumeFn2(Logger logger) {
        logger.info("RESUMED 2nd");
    }

    @On.Create("kopfexamples")
    void createFn2(Logger logger) {
        logger.info("CREATED 2nd");
    }

    /** Any change of the object's essence (spec, labels, annotations): the old and new essences and their diff. */
    @On.Update("kopfexamples")
    void updateFn(Old old, New newEssence, Diff diff, Logger logger) {
        logger.info("UPDATED: {}", diff);
    }

    @On.Delete("kopfexamples")
    void deleteFn1(Logger logger) {
        logger.info("DELETED 1st");
    }

    @On.Delete("kopfexamples")
    void deleteFn2(Logger logger) {
        logger.info("DELETED 2nd");
    }

    /** Only changes of {@code spec.field}: {@code Old} and {@code New} are that field's values. */
    @On.Field(value = "kopfexamples", field = "spec.field")
    void fieldFn(Old old, New newValue, Logger logger) {
        logger.info("FIELD CHANGED: {} -> {}", old.json(), newValue.json());
    }
}
