package io.kopf4j;

import java.util.Map;

/** The object's labels, read-only. Kopf: {@code labels}. */
public interface Labels extends Map<String, String> {
}
