package io.kopf4j.examples.filtering;

import io.kopf4j.Body;
import io.kopf4j.Kopf;
import io.kopf4j.On;
import io.kopf4j.Spec;
import io.kopf4j.Stopper;
import org.slf4j.Logger;

import java.time.Duration;

/**
 * Kopf's example 11: handlers that run only for the objects their filters match: labels and annotations (a value,
 * present, absent, or a predicate method), a {@code when} predicate, and a field's value or change. Applied to
 * {@code examples/obj.yaml} (label {@code somelabel=somevalue}, annotation {@code someannotation=somevalue},
 * {@code spec.field=value}), the handlers whose log lines say "not" or "mismatch" never run.
 */
public class FilteringOperator {

    /** A label predicate: its first parameter is the label's value (null when absent), the rest is injected. */
    boolean sayYes(String value, Spec spec) {
        return "somevalue".equals(value) && spec.get("field") != null;
    }

    boolean sayNo(String value, Spec spec) {
        return "somevalue".equals(value) && "not-this-value-for-sure".equals(spec.get("field"));
    }

    boolean always(Body body) {
        return true;
    }

    boolean never(Body body) {
        return false;
    }

    @On.Create(value = "kopfexamples", labels = "somelabel=somevalue")
    void createWithLabelsMatching(Logger logger) {
        logger.info("Label is matching.");
    }

    @On.Create(value = "kopfexamples", labels = "somelabel")
    void createWithLabelsPresent(Logger logger) {
        logger.info("Label is present.");
    }

    @On.Create(value = "kopfexamples", labels = "!nonexistent")
    void createWithLabelsAbsent(Logger logger) {
        logger.info("Label is absent.");
    }

    @On.Create(value = "kopfexamples", labels = "somelabel=@sayYes")
    void createWithLabelsCallbackMatching(Logger logger) {
        logger.info("Label callback matching.");
    }

    @On.Create(value = "kopfexamples", annotations = "someannotation=somevalue")
    void createWithAnnotationsMatching(Logger logger) {
        logger.info("Annotation is matching.");
    }

    @On.Create(value = "kopfexamples", annotations = "someannotation=" + Kopf.PRESENT)
    void createWithAnnotationsPresent(Logger logger) {
        logger.info("Annotation is present.");
    }

    @On.Create(value = "kopfexamples", annotations = "nonexistent=" + Kopf.ABSENT)
    void createWithAnnotationsAbsent(Logger logger) {
        logger.info("Annotation is absent.");
    }

    @On.Create(value = "kopfexamples", annotations = "someannotation=@sayNo")
    void createWithAnnotationsCallbackMatching(Logger logger) {
        logger.info("Annotation callback mismatch.");
    }

    @On.Create(value = "kopfexamples", when = "always")
    void createWithFilterSatisfied(Logger logger) {
        logger.info("Filter satisfied.");
    }

    @On.Create(value = "kopfexamples", when = "never")
    void createWithFilterNotSatisfied(Logger logger) {
        logger.info("Filter not satisfied.");
    }

    /** Field values are JSON literals: a string is quoted. */
    @On.Create(value = "kopfexamples", field = "spec.field", fieldValue = "\"value\"")
    void createWithFieldValueSatisfied(Logger logger) {
        logger.info("Field value is satisfied.");
    }

    @On.Create(value = "kopfexamples", field = "spec.field", fieldValue = "\"something-else\"")
    void createWithFieldValueNotSatisfied(Logger logger) {
        logger.info("Field value is not satisfied.");
    }

    @On.Create(value = "kopfexamples", field = "spec.field", fieldValue = Kopf.PRESENT)
    void createWithFieldPresenceSatisfied(Logger logger) {
        logger.info("Field presence is satisfied.");
    }

    @On.Create(value = "kopfexamples", field = "spec.inexistent", fieldValue = Kopf.PRESENT)
    void createWithFieldPresenceNotSatisfied(Logger logger) {
        logger.info("Field presence is not satisfied.");
    }

    @On.Update(value = "kopfexamples", field = "spec.field", oldValue = "\"value\"", newValue = "\"changed\"")
    void updateWithFieldChangeSatisfied(Logger logger) {
        logger.info("Field change is satisfied.");
    }

    /** Runs while {@code spec.field} is {@code "value"}; stopped when it changes, started again if it changes back. */
    @On.Daemon(value = "kopfexamples", field = "spec.field", fieldValue = "\"value\"")
    void daemonWithField(Stopper stopper, Logger logger) throws InterruptedException {
        while (!stopper.isStopped()) {
            logger.info("Field daemon is satisfied.");
            stopper.await(Duration.ofSeconds(1));
        }
    }
}
