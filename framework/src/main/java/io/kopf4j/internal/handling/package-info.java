/**
 * The handling of one object: cause detection (pure), progress and diff-base storage, finalizers, execution of the
 * change handlers with retries, timeouts and errors, results, sub-handlers, and the one patch per cycle.
 * {@link io.kopf4j.internal.handling.Processor} is the per-object processing function the watching layer calls.
 * May use registry, watching, cluster, model, util and the public API. Not API.
 */
package io.kopf4j.internal.handling;
