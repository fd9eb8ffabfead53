package io.kopf4j.internal.lifecycle;

import java.util.Set;
import java.util.TreeSet;

/**
 * Why the operator does not handle objects now: a set of named reasons (a peer of higher or equal priority is alive,
 * this replica does not hold the leader Lease). The operator is paused while any reason is on. When the first reason
 * turns on, {@code onPause} runs (the operator stops its timers and daemons); when the last one turns off,
 * {@code onResume} runs (the operator replays the latest event of every object it knows, so nothing that happened
 * during the pause is lost, and the timers and daemons respawn). The callbacks run one at a time, in the order of
 * the transitions. Kopf: {@code aiotoggles.ToggleSet} {@code operator_paused}. Not API.
 */
public final class Pausing {
    private final Set<String> reasons = new TreeSet<>();
    private final Runnable onPause;
    private final Runnable onResume;
    /** Serializes the transitions with their callbacks (never held by {@link #paused()}, which workers call). */
    private final Object transitions = new Object();

    /** @param onResume runs (on the thread that turned the last reason off) when the operator resumes */
    public Pausing(Runnable onResume) {
        this(() -> { }, onResume);
    }

    /**
     * @param onPause  runs (on the thread that turned the first reason on) when the operator pauses
     * @param onResume runs (on the thread that turned the last reason off) when the operator resumes
     */
    public Pausing(Runnable onPause, Runnable onResume) {
        this.onPause = onPause;
        this.onResume = onResume;
    }

    /**
     * Turns one reason on or off.
     *
     * @return whether the operator's paused state changed
     */
    public boolean set(String reason, boolean on) {
        synchronized (transitions) {
            boolean paused;
            synchronized (this) {
                boolean was = !reasons.isEmpty();
                if (on) {
                    reasons.add(reason);
                } else {
                    reasons.remove(reason);
                }
                paused = !reasons.isEmpty();
                if (was == paused) {
                    return false;
                }
            }
            (paused ? onPause : onResume).run();
            return true;
        }
    }

    /** Whether the operator is paused now. */
    public synchronized boolean paused() {
        return !reasons.isEmpty();
    }

    /** The reasons on now (for logs and tests). */
    public synchronized Set<String> reasons() {
        return Set.copyOf(reasons);
    }
}
