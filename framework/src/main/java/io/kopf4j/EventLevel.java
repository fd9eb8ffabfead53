package io.kopf4j;

/**
 * The minimum severity of messages that are posted as Kubernetes Events about the handled objects.
 *
 * <p>Kopf: {@code settings.posting.level}, a Python logging level ({@code logging.DEBUG}, {@code INFO},
 * {@code WARNING}, {@code ERROR}). The Event type sent to Kubernetes follows Kopf: {@code Debug}, {@code Normal},
 * {@code Warning}, {@code Error}.
 */
public enum EventLevel {
    /** Kopf: {@code logging.DEBUG}; posted with the Event type {@code Debug}. */
    DEBUG("Debug"),
    /** Kopf: {@code logging.INFO}, the default; posted with the Event type {@code Normal}. */
    INFO("Normal"),
    /** Kopf: {@code logging.WARNING}; posted with the Event type {@code Warning}. */
    WARNING("Warning"),
    /** Kopf: {@code logging.ERROR}; posted with the Event type {@code Error}. */
    ERROR("Error");

    private final String eventType;

    EventLevel(String eventType) {
        this.eventType = eventType;
    }

    /**
     * The Kubernetes Event {@code type} used for messages of this level, as Kopf names it.
     *
     * @return {@code Debug}, {@code Normal}, {@code Warning} or {@code Error}
     */
    public String eventType() {
        return eventType;
    }

    /**
     * Whether a message of this level passes a threshold of {@code minimum} (Kopf's {@code levelno >= level}).
     *
     * @param minimum the configured minimum level, e.g. {@code settings.posting().level()}
     * @return true if this level is at least as severe as {@code minimum}
     */
    public boolean atLeast(EventLevel minimum) {
        return compareTo(minimum) >= 0;
    }
}
