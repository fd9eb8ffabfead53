package io.kopf4j;

/** The whole object being handled, as last seen on the cluster. Kopf: {@code body}. */
public interface Body extends View {
    /** The object's {@code apiVersion}, e.g. {@code v1} or {@code kopf.dev/v1}; {@code ""} when absent. */
    String apiVersion();

    /** The object's {@code kind}, e.g. {@code KopfExample}; {@code ""} when absent. */
    String kind();

    /** The object's {@code metadata}. */
    Meta metadata();

    /** The object's {@code spec}; empty when the object has none. */
    Spec spec();

    /** The object's {@code status}; empty when the object has none. */
    Status status();
}
