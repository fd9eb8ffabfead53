package io.kopf4j;

import java.util.Map;

/**
 * Per-object in-memory state for the object's lifetime in this process; thread-safe. An operator-wide memo given
 * when embedding is shallow-copied into each object's memo. Kopf: {@code memo}.
 */
public interface Memo extends Map<String, Object> {
}
