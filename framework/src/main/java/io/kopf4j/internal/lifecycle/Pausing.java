package io.kopf4j.internal.lifecycle;

import java.util.Set;
import java.util.TreeSet;

/**
 * Why the operator does not handle objects now: a set of named reasons (a peer of higher or equal priority is alive,
 * this replica does not hold the leader Lease). The operator is paused while any reason is on; when the last one
 * turns off, {@code onResume} runs (the operator replays the latest event of every object it knows, so nothing that
 * happened during the pause is lost). Kopf: {@code aiotoggles.ToggleSet} {@code operator_paused}. Not API.
 */
public final class Pausing {
    private final Set<String> reasons = new TreeSet<>();
    private final Runnable onResume;

    /** @param onResume runs (on the thread that turned the last reason off) when the operator resumes */
    public Pausing(Runnable onResume) {
        this.onResume = onResume;
    }

    /**
     * Turns one reason on or off.
     *
     * @return whether the operator's paused state changed
     */
    public boolean set(String reason, boolean on) {
        boolean resumed;
        synchronized (this) {
            boolean was = !reasons.isEmpty();
            if (on) {
                reasons.add(reason);
            } else {
                reasons.remove(reason);
            }
            boolean now = !reasons.isEmpty();
            if (was == now) {
                return false;
            }
            resumed = !now;
        }
        if (resumed) {
            onResume.run();
        }
        return true;
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
