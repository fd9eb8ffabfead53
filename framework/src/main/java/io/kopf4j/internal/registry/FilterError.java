package io.kopf4j.internal.registry;

/**
 * A filter's predicate method ({@code when}, {@code matching}, or an {@code @method} of a label, annotation or field
 * filter) threw. The user's exception is the cause. Not API.
 */
public final class FilterError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FilterError(String message, Throwable cause) {
        super(message, cause);
    }
}
