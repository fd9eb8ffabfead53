/**
 * The operator's lifecycle: building the registry, discovery, one reflector per served resource and namespace,
 * per-object queues feeding the handling layer, readiness, and graceful stop. May use handling and every layer below.
 * Not API.
 */
package io.kopf4j.internal.lifecycle;
