package io.kopf4j;

/** The whole object being handled, as last seen on the cluster. Kopf: {@code body}. */
public interface Body extends View {
    String apiVersion();

    String kind();

    Meta metadata();

    Spec spec();

    Status status();
}
