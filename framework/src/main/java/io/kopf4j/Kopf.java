package io.kopf4j;

/**
 * The entry point: running operators, and the constants used in handler annotations. Kopf: the {@code kopf} module.
 */
public final class Kopf {
    /** Matches any value of a label, annotation or field that is present (Kopf's {@code kopf.PRESENT}). */
    public static final String PRESENT = "@@present";
    /** Matches a label, annotation or field that is absent (Kopf's {@code kopf.ABSENT}). */
    public static final String ABSENT = "@@absent";
    /** Selects every served resource except Events (Kopf's {@code kopf.EVERYTHING}). */
    public static final String EVERYTHING = "*";

    private Kopf() {
    }

    /** A new, empty registry for handlers registered in code; pass it to {@code run}/{@code operator} with the rest. */
    public static Registry registry() {
        return new io.kopf4j.internal.registry.RealRegistry();
    }
}
