package io.kopf4j.internal.util;

/**
 * Stopping a background loop thread that sleeps on a monitor between rounds (keep-alives, lease renewals): wake it,
 * interrupt it, and wait a bounded time for it to end. Not API.
 */
public final class LoopThreads {
    private static final long JOIN_MILLIS = 5000;

    private LoopThreads() {
    }

    /**
     * Wakes {@code thread} from a wait on {@code lock}, interrupts it, and waits up to 5 s for it to end. The caller
     * sets its own "stopped" flag first, so the loop does not start another round. A null thread is ignored.
     */
    public static void stop(Thread thread, Object lock) {
        synchronized (lock) {
            lock.notifyAll();
        }
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
