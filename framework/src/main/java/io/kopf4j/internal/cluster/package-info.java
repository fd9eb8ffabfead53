/**
 * Cluster I/O: the only package that speaks HTTP to the Kubernetes API. It holds the request pipeline
 * ({@link io.kopf4j.internal.cluster.ClusterApi}: retries with backoff, {@code Retry-After}, per-request timeouts),
 * the {@link io.kopf4j.internal.cluster.ApiError} tree (client-java's {@code ApiException} never leaves this package),
 * the tolerant discovery scanner ({@link io.kopf4j.internal.cluster.Scanner}), the guarded event poster
 * ({@link io.kopf4j.internal.cluster.EventPoster}), and the credentials vault
 * ({@link io.kopf4j.internal.cluster.Vault}: re-login on 401, refresh before expiration).
 *
 * <p>May use {@code internal.model}, {@code internal.util}, the public {@code io.kopf4j} API, client-java and
 * okhttp3 (besides the JDK, Jackson and slf4j). Settings come in as small config records of this package, so that
 * {@code OperatorSettings} can be wired in by the caller.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/}.
 */
package io.kopf4j.internal.cluster;
