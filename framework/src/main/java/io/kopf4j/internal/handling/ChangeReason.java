package io.kopf4j.internal.handling;

import io.kopf4j.Reason;

/**
 * Why an object is being handled in this cycle. The first five are for handlers (and map to the public
 * {@link Reason}); {@link #FREE} and {@link #GONE} are for the processor only. Kopf:
 * {@code kopf/_core/intents/causes.py} ({@code Reason}).
 */
public enum ChangeReason {
    CREATE, UPDATE, DELETE, RESUME, NOOP,
    /** Being deleted, and our finalizer is not (or no longer) on it: nothing to do. */
    FREE,
    /** A DELETED watch event: the object is gone from the cluster. */
    GONE;

    /** Whether change handlers run for this reason (Kopf's {@code HANDLER_REASONS}). */
    public boolean runsHandlers() {
        return this == CREATE || this == UPDATE || this == DELETE || this == RESUME;
    }

    /** The public reason; FREE and GONE have none and are never shown to handlers. */
    public Reason toReason() {
        switch (this) {
            case CREATE:
                return Reason.CREATE;
            case UPDATE:
                return Reason.UPDATE;
            case DELETE:
                return Reason.DELETE;
            case RESUME:
                return Reason.RESUME;
            default:
                return Reason.NOOP;
        }
    }

    /** The purpose written into progress records: {@code create}, {@code update}, {@code delete}, {@code resume}. */
    public String purpose() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How log lines name it (Kopf's {@code TITLES}): creation, update, deletion, resuming. */
    public String title() {
        switch (this) {
            case CREATE:
                return "creation";
            case UPDATE:
                return "updating";
            case DELETE:
                return "deletion";
            case RESUME:
                return "resuming";
            default:
                return purpose();
        }
    }
}
