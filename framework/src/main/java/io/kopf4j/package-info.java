/**
 * The public API of kopf4j, a Java port of Kopf (Kubernetes Operator Pythonic Framework): handler annotations,
 * injectable parameters, errors, settings, and the entry class {@code Kopf}.
 *
 * <p>Users name types only from this package, {@code io.kopf4j.embedded} and {@code io.kopf4j.testing}. Types here
 * may use the JDK, Jackson, slf4j and client-java (in signatures only); none of {@code io.kopf4j.internal} appears in
 * a public signature. Only {@code Kopf} reaches into the internal layers.
 */
package io.kopf4j;
