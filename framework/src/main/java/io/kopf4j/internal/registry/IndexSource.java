package io.kopf4j.internal.registry;

import io.kopf4j.Index;

/** An invocation context that can give the operator's indices by name ({@link io.kopf4j.Indexed}). Not API. */
public interface IndexSource {
    /** The index of that id; an {@link IllegalArgumentException} when there is none. */
    <K, V> Index<K, V> index(String id);
}
