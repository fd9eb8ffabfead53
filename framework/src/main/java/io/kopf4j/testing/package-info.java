/**
 * Testing support for users' operator tests: the JUnit 5 extension that provides an embedded API server
 * ({@link io.kopf4j.testing.WithEmbeddedApiServer}). JUnit is an optional dependency of the framework: add
 * {@code junit-jupiter} to your test scope to use this package. Nothing in the framework uses this package.
 */
package io.kopf4j.testing;
