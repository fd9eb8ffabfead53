package io.kopf4j.internal.admission;

import io.kopf4j.Headers;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link Headers} injectable: read-only, looked up in any letter case, repeated headers joined with
 * {@code ", "} (as HTTP allows). Not API.
 */
final class RealHeaders extends AbstractMap<String, String> implements Headers {
    private static final RealHeaders NONE = new RealHeaders(Map.of());

    private final Map<String, String> values;

    private RealHeaders(Map<String, String> values) {
        TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sorted.putAll(values);
        this.values = Collections.unmodifiableMap(sorted);
    }

    /** From headers with all their values, as the JDK's HTTP server gives them. */
    static RealHeaders of(Map<String, List<String>> headers) {
        TreeMap<String, String> joined = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, list) -> {
            if (name != null && list != null) {
                joined.merge(name, String.join(", ", list), (a, b) -> a + ", " + b);
            }
        });
        return new RealHeaders(joined);
    }

    /** No headers at all (a review processed without HTTP, e.g. in tests). */
    static RealHeaders none() {
        return NONE;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }

    @Override
    public String get(Object key) {
        return key instanceof String ? values.get(key) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String && values.containsKey(key);
    }
}
