package io.kopf4j;

/**
 * Posts Kubernetes Events about any object: a {@link Body}, a {@code Map}, a Jackson tree, or a client-java model.
 * The object may lack {@code apiVersion}, {@code kind}, {@code uid} or {@code namespace}: the poster fills what it
 * can and leaves out the rest. Posting never blocks and never throws; a rejected Event is logged once and dropped.
 * Nothing is posted when {@code posting.enabled} is off; {@code info}, {@code warn} and {@code exception} post only at
 * or above {@code posting.level}, as in Kopf ({@code event} posts any type). Unlike log lines, these calls do not
 * depend on {@code posting.loggers}.
 * Kopf: {@code kopf.event}, {@code kopf.info}, {@code kopf.warn}, {@code kopf.exception}.
 */
public interface Events {
    /**
     * Posts an Event of any type, whatever {@code posting.level} is.
     *
     * @param object  the object the Event is about
     * @param type    the Event type, {@code Normal} or {@code Warning}
     * @param reason  a short CamelCase reason, e.g. {@code Created}
     * @param message what happened, for people
     */
    void event(Object object, String type, String reason, String message);

    /** Posts a {@code Normal} Event about the object, if {@code posting.level} is INFO or lower. */
    void info(Object object, String reason, String message);

    /** Posts a {@code Warning} Event about the object, if {@code posting.level} is WARNING or lower. */
    void warn(Object object, String reason, String message);

    /**
     * Posts an {@code Error} Event with the error's message (its class name when it has none), if
     * {@code posting.level} is ERROR or lower.
     */
    void exception(Object object, String reason, Throwable error);
}
