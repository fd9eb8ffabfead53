package io.kopf4j;

/** The handler's {@code param} option, so one method can serve several registrations. Kopf: {@code param}. */
public interface Param {
    /** The value, or {@code ""} when none was given. */
    String value();
}
