/**
 * The operator's lifecycle: building the registry, discovery, one reflector per served resource and namespace,
 * per-object queues feeding the handling layer, readiness, and graceful stop; indices kept current on the reflectors'
 * threads ({@code IndexingListener}), the activities (startup, cleanup, probes: {@code Activities}), and the liveness
 * and metrics endpoint ({@code LivenessServer}). May use handling, indexing and every layer below.
 * Not API.
 */
package io.kopf4j.internal.lifecycle;
