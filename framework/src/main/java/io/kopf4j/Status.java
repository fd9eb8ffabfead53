package io.kopf4j;

/** The object's {@code status} (empty when it has none). Kopf: {@code status}. */
public interface Status extends View {
}
