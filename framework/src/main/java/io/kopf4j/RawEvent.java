package io.kopf4j;

/** A raw watch event for {@link On.Event} handlers. Kopf: {@code event}. */
public interface RawEvent {
    /** {@code ADDED}, {@code MODIFIED}, {@code DELETED}, or null for objects seen while listing. */
    String type();

    /** The object, as the event carried it; for {@code DELETED}, its last state. */
    Body object();
}
