/**
 * The registry: handler annotations parsed once into {@link io.kopf4j.internal.registry.HandlerSpec}s, with their
 * parameter binders, filters and resource selectors. {@link io.kopf4j.internal.registry.AnnotationScanner} parses
 * operator objects (its {@code scanIndices} the index handlers), {@link io.kopf4j.internal.registry.ActivityScanner}
 * the startup, cleanup and probe handlers, {@link io.kopf4j.internal.registry.RealRegistry} holds the specs (also the public
 * {@code io.kopf4j.Registry}) and answers the other layers' queries; problems are
 * {@link io.kopf4j.internal.registry.RegistrationError}s at start-up. May use watching, cluster, model, util, the
 * public API, and client-java's model JSON (for model parameters). Not API.
 */
package io.kopf4j.internal.registry;
