package io.kopf4j;

/** The object's {@code spec} (empty when it has none). Kopf: {@code spec}. */
public interface Spec extends View {
}
