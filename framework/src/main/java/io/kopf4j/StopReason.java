package io.kopf4j;

/**
 * Why a daemon or timer is asked to stop ({@link Stopper#reason()}). Kopf: {@code DaemonStoppingReason}.
 */
public enum StopReason {
    /** It has finished on its own (returned, or failed for good). */
    DONE,
    /** The object no longer matches the handler's filters; it is respawned when they match again. */
    FILTERS_MISMATCH,
    /** The object is being deleted. */
    RESOURCE_DELETED,
    /** The operator is paused by peering (a higher-priority operator runs). */
    OPERATOR_PAUSING,
    /** The operator is exiting. */
    OPERATOR_EXITING,
    /** The stop was signalled, and the daemon has not exited yet. */
    DAEMON_SIGNALLED,
    /** The daemon did not exit after the signal and was interrupted. */
    DAEMON_CANCELLED,
    /** The daemon did not exit even after the interruption and the cancellation timeout: it is left running. */
    DAEMON_ABANDONED
}
