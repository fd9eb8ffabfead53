/**
 * The in-memory indices of {@code @On.Index} handlers: per index, key → values of all objects, with a reverse map
 * so that an object's entries are replaced or discarded in time proportional to its own keys. Written only by the
 * lifecycle's indexing listener (on the reflectors' threads); read by handlers through the read-only
 * {@link io.kopf4j.Index} and {@link io.kopf4j.Store} views. Kopf: {@code kopf/_core/engines/indexing.py}. Not API.
 */
package io.kopf4j.internal.indexing;
