package io.kopf4j;

/**
 * The API operation under admission review, for {@link On.Validate} and {@link On.Mutate}: injected into admission
 * handlers, and their {@code operations} option. Kopf: {@code operation} and {@code operations=}.
 */
public enum Operation {
    /** An object is created. */
    CREATE,
    /** An object is replaced or patched. */
    UPDATE,
    /** An object is deleted. */
    DELETE,
    /** A connection to a subresource, such as {@code pods/exec} or {@code pods/portforward}. */
    CONNECT
}
