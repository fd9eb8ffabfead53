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
    void event(Object object, String type, String reason, String message);

    void info(Object object, String reason, String message);

    void warn(Object object, String reason, String message);

    void exception(Object object, String reason, Throwable error);
}
