package io.kopf4j.internal.handling;

import io.kopf4j.StopReason;
import io.kopf4j.Stopper;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The stop flag of one daemon or timer: set once, with the first reason. Kopf: {@code DaemonStopper}. */
final class RealStopper implements Stopper {
    private final CountDownLatch latch = new CountDownLatch(1);
    private volatile StopReason reason;

    /** Requests the stop; returns false when it was already requested (the first reason stays). */
    synchronized boolean stop(StopReason why) {
        if (reason != null) {
            return false;
        }
        reason = why;
        latch.countDown();
        return true;
    }

    @Override
    public boolean isStopped() {
        return reason != null;
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        if (reason != null) {
            return true;
        }
        long nanos = timeout.isNegative() ? 0 : saturated(timeout);
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            if (reason != null) {
                // The stop was requested and the cancellation's interrupt came first: the caller's loop
                // ({@code while (!stopper.await(...))}) ends as asked; the interrupt stays set for what follows.
                Thread.currentThread().interrupt();
                return true;
            }
            throw e;
        }
    }

    /** Like {@link #await}, but returns early (false) when interrupted, leaving the interrupt flag set. */
    boolean sleep(Duration timeout) {
        try {
            return await(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return isStopped();
        }
    }

    @Override
    public Optional<StopReason> reason() {
        return Optional.ofNullable(reason);
    }

    private static long saturated(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return reason == null ? "running" : "stopped: " + reason;
    }
}
