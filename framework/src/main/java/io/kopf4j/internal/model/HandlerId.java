package io.kopf4j.internal.model;

import java.util.Objects;

/**
 * A handler's id: the method name by default, {@code name/field} for field handlers, {@code parent/child} for
 * sub-handlers. The id names the handler's progress record and its result in {@code status.<id>}.
 *
 * <p>Kopf: {@code kopf/_cogs/structs/ids.py} ({@code HandlerId}).
 *
 * @param value the id as Kopf writes it
 */
public record HandlerId(String value) implements Comparable<HandlerId> {

    public HandlerId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("A handler id must not be empty.");
        }
    }

    public static HandlerId of(String value) {
        return new HandlerId(value);
    }

    /** The id of a sub-handler of this one: {@code parent/child}. */
    public HandlerId child(String child) {
        return new HandlerId(value + "/" + Objects.requireNonNull(child, "child"));
    }

    @Override
    public int compareTo(HandlerId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
