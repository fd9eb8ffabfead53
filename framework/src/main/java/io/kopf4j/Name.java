package io.kopf4j;

/** The object's name. Kopf: {@code name}. */
public interface Name {
    /** The name; {@code ""} when absent. */
    String value();
}
