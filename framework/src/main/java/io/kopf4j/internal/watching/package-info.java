/**
 * Watching: one {@link io.kopf4j.internal.watching.Reflector} per resource kind and namespace (or cluster-wide) lists
 * the objects and then watches them from the list's resourceVersion, resuming after every disconnect and relisting
 * after a 410; {@link io.kopf4j.internal.watching.ObjectQueues} hands the events to one worker per object at a time,
 * coalescing what arrives while the worker is busy, so a slow handler never stalls the stream.
 *
 * <p>May use {@code internal.cluster} (the only HTTP speaker), {@code internal.model}, {@code internal.util} and the
 * public {@code io.kopf4j} settings; never okhttp3 or client-java directly.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/watching.py}, {@code kopf/_core/reactor/queueing.py}.
 */
package io.kopf4j.internal.watching;
