package io.kopf4j;

import java.util.Map;

/** The object's annotations, read-only. Kopf: {@code annotations}. */
public interface Annotations extends Map<String, String> {
}
