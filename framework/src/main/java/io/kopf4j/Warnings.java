package io.kopf4j;

import java.util.List;

/**
 * Admission warnings: a mutable list the handler adds messages to; they reach the API client ({@code kubectl} prints
 * them as {@code Warning: ...}) whether the request is allowed or not. Shared by all handlers of one admission
 * request; thread-safe. Injected into {@link On.Validate} and {@link On.Mutate} handlers. Kopf: {@code warnings}.
 *
 * <pre>{@code
 * @On.Validate("kopfexamples")
 * void check(Spec spec, Warnings warnings) {
 *     if (spec.get("field") == null) {
 *         warnings.add("spec.field is not set; the default is used");
 *     }
 * }
 * }</pre>
 */
public interface Warnings extends List<String> {
}
