/**
 * The bottom layer: small building blocks with no knowledge of Kubernetes or of the other layers — the one platform
 * question (virtual threads or a platform pool), backoff sequences, and Kopf's namespace globs. Time is read from an
 * injected {@link java.time.InstantSource}, never from a static clock.
 *
 * <p>May use nothing but the JDK and slf4j. Kopf: {@code kopf/_cogs/helpers}, {@code kopf/_cogs/aiokits}.
 *
 * <p>Not API: nothing here is stable or meant for operator authors.
 */
package io.kopf4j.internal.util;
