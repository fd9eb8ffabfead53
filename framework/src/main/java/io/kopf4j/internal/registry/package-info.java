/**
 * The registry: handler annotations parsed once into {@link io.kopf4j.internal.registry.HandlerSpec}s, with their
 * parameter binders, filters and resource selectors. May use watching, cluster, model, util and the public API.
 * Not API.
 */
package io.kopf4j.internal.registry;
