package io.kopf4j;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells a daemon or a timer that it should stop, and why. Injected by type into {@link On.Daemon} and
 * {@link On.Timer} methods. Kopf: {@code stopped} ({@code DaemonStopped}).
 *
 * <pre>{@code
 * @On.Daemon("kopfexamples")
 * void monitor(Stopper stopper, Logger logger) throws InterruptedException {
 *     while (!stopper.await(Duration.ofSeconds(10))) {
 *         logger.info("still alive");
 *     }
 * }
 * }</pre>
 */
public interface Stopper {
    /** Whether the stop is requested. */
    boolean isStopped();

    /**
     * Waits until the stop is requested or the time passes, whichever comes first.
     *
     * @param timeout how long to wait at most
     * @return true when the stop is requested
     * @throws InterruptedException when the thread is interrupted while no stop is requested (once a stop is requested,
     *                              an interrupt makes this return true, with the interrupt flag kept set)
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** Why the stop is requested; empty while not requested. */
    Optional<StopReason> reason();
}
