package io.kopf4j;

/** The object's uid. Kopf: {@code uid}. */
public interface Uid {
    /** The uid; {@code ""} when absent. */
    String value();
}
