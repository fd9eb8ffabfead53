package io.kopf4j.examples.daemons;

import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Retry;
import io.kopf4j.Spec;
import io.kopf4j.Stopper;
import io.kopf4j.TemporaryError;
import org.slf4j.Logger;

import java.time.Duration;

/**
 * Kopf's example 14: daemons, one background thread per object for as long as the object exists (virtual threads on
 * JDK 21+). Each fails three times at first and is restarted after each failure, as handlers are retried. The operator
 * holds its finalizer on the objects while daemons run, and stops them before it releases a deleted object.
 *
 * <p>A daemon can stop in two ways. {@link #backgroundSync} checks its {@link Stopper} (as Kopf's sync daemons do);
 * {@link #backgroundInterruptible} ignores it and is interrupted {@code cancellationBackoff} seconds after the stop
 * request (where Kopf cancels its async daemons), and abandoned after {@code cancellationTimeout} more. Without a
 * {@code cancellationBackoff}, a daemon is interrupted right after the stop request.
 */
public class DaemonsOperator {

    /**
     * Fails three times, then accompanies the object for 30 seconds (unless stopped earlier) and exits. It reacts to
     * the stop request within its 5-second wait, so it is given 5 seconds before it would be interrupted
     * ({@code cancellationBackoff}): it is never interrupted, and its last patch is always sent.
     */
    @On.Daemon(value = "kopfexamples", backoff = 3, cancellationBackoff = 5.0)
    void backgroundSync(Stopper stopper, Spec spec, Logger logger, Retry retry, Patch patch)
            throws InterruptedException {
        if (retry.attempt() < 3) {
            patch.status().put("message", "Failed " + (retry.attempt() + 1) + " times.");
            throw new TemporaryError("Simulated failure.", Duration.ofSeconds(1));
        }
        long started = System.nanoTime();
        while (!stopper.isStopped() && System.nanoTime() - started <= Duration.ofSeconds(30).toNanos()) {
            logger.info("=> Ping from a stopper-checking daemon: field={}, retry={}", spec.get("field"),
                    retry.attempt());
            stopper.await(Duration.ofSeconds(5));
        }
        patch.status().put("message", "Accompanying is finished.");
    }

    /** Fails three times, then runs until interrupted; only for objects annotated {@code someannotation=somevalue}. */
    @On.Daemon(value = "kopfexamples", backoff = 3, cancellationBackoff = 1.0, cancellationTimeout = 0.5,
            annotations = "someannotation=somevalue")
    void backgroundInterruptible(Spec spec, Logger logger, Retry retry) throws InterruptedException {
        if (retry.attempt() < 3) {
            throw new TemporaryError("Simulated failure.", Duration.ofSeconds(1));
        }
        while (true) {
            logger.info("=> Ping from an interruptible daemon: field={}", spec.get("field"));
            Thread.sleep(5000);
        }
    }
}
