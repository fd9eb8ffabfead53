package io.kopf4j;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * A read-only view of a JSON value: a whole object ({@link Body}), a part of it ({@link Spec}, {@link Status},
 * {@link Meta}), or a field's value ({@link Old}, {@link New}). Values come out as plain Java: {@code Map},
 * {@code List}, {@code String}, {@code Number}, {@code Boolean} or null.
 */
public interface View {
    /** A copy of the JSON tree; changing it changes nothing. */
    JsonNode json();

    /** The value under a top-level key, or null. */
    Object get(String key);

    /** The value at a dotted path ({@code "spec.replicas"}), or null when any part is missing. */
    Object at(String dottedPath);

    /** Whether the top-level key is present. */
    boolean has(String key);

    /** Whether the value is missing, null, or an empty object. */
    boolean isEmpty();

    /** An unmodifiable plain-Java copy (empty when the value is not an object). */
    Map<String, Object> asMap();

    /** Binds the value to a POJO (or record) with Jackson; unknown properties are ignored. */
    <T> T as(Class<T> type);
}
