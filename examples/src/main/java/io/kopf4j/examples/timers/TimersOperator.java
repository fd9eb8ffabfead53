package io.kopf4j.examples.timers;

import io.kopf4j.On;
import io.kopf4j.Spec;
import org.slf4j.Logger;

/**
 * Kopf's example 15: timers, handlers that run every {@code interval} seconds for each object, here only once the
 * object has not changed for {@code idle} seconds. Any change of the object restarts the idle countdown. The operator
 * holds its finalizer on the objects while timers run.
 */
public class TimersOperator {

    @On.Timer(value = "kopfexamples", idle = 5, interval = 2)
    void everyFewSeconds(Spec spec, Logger logger) {
        logger.info("Ping from a timer: field={}", spec.get("field"));
    }

    @On.Timer(value = "kopfexamples", idle = 10, interval = 4)
    void everyFewMoreSeconds(Spec spec, Logger logger) {
        logger.info("Ping from a slower timer: field={}", spec.get("field"));
    }
}
