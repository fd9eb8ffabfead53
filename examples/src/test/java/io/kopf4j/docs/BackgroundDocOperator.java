package io.kopf4j.docs;

import io.kopf4j.Name;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Spec;
import io.kopf4j.StopReason;
import io.kopf4j.Stopper;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The timers and daemons of src/docs/timers-and-daemons.md. */
public class BackgroundDocOperator {
    final List<String> stops = new CopyOnWriteArrayList<>();
    final AtomicInteger checks = new AtomicInteger();

    // snippet:timer
    @On.Timer(value = "kopfexamples", interval = 0.5, idle = 1, initialDelay = 0.2)
    void reconcile(Spec spec, Patch patch) {
        // Runs every 0.5 s while the object exists, but only once it has not changed for 1 s.
        patch.status().put("checks", checks.incrementAndGet());
    }
    // end:timer

    // snippet:daemon
    @On.Daemon(value = "kopfexamples", cancellationTimeout = 5)
    void monitor(Name name, Stopper stopper, Logger logger) throws InterruptedException {
        while (!stopper.await(Duration.ofMillis(200))) {      // true once asked to stop
            logger.debug("watching {}", name.value());
        }
        StopReason why = stopper.reason().orElseThrow();     // RESOURCE_DELETED, OPERATOR_EXITING, ...
        logger.info("stopping: {}", why);
        stops.add(name.value() + " " + why);                                        // hidden in docs
    }
    // end:daemon
}
