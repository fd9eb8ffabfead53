package io.kopf4j;

/** The object's namespace ({@code ""} for cluster-scoped objects). Kopf: {@code namespace}. */
public interface Namespace {
    /** The namespace; {@code ""} for cluster-scoped objects. */
    String value();
}
