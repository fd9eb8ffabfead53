/**
 * The pure data layer: how Kopf's on-cluster formats look and how they are computed, with no I/O and no clock.
 * Field paths, diffs between JSON trees, an object's essence, the diff-base and progress encodings, annotation keys,
 * and the in-memory handler state with its transitions. Time is always passed in.
 *
 * <p>May use the JDK, Jackson, slf4j, {@code io.kopf4j.internal.util} and the public {@code io.kopf4j} types; nothing
 * above it (no HTTP, no client-java). Its formats must equal Kopf 1.44's byte for byte where Kopf's are
 * deterministic, so objects can move between a Kopf operator and a kopf4j one.
 *
 * <p>Not API: users never name these types; they may change in any release.
 */
package io.kopf4j.internal.model;
