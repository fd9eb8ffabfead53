package io.kopf4j.support;

import java.time.Duration;

/** Waits until an assertion holds, up to a deadline; the last failure is rethrown. No fixed sleeps. */
public final class Eventually {
    private Eventually() {
    }

    public static void eventually(Duration deadline, Runnable assertion) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > end) {
                    throw e;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting", e);
            }
        }
    }

    /** Waits until an assertion holds for the whole of {@code period} (for "it stays so" checks). */
    public static void continually(Duration period, Runnable assertion) {
        long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end) {
            assertion.run();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while watching", e);
            }
        }
    }
}
