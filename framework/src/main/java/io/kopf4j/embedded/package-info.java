/**
 * The embedded Kubernetes API server ({@link io.kopf4j.embedded.EmbeddedApiServer}) for tests, demos and dev mode,
 * with fault injection ({@link io.kopf4j.embedded.Faults}) and a standalone entry point
 * ({@link io.kopf4j.embedded.Serve}). It shares no code with the framework: it is the oracle the framework is tested
 * against. Public API.
 */
package io.kopf4j.embedded;
