package io.kopf4j;

import java.util.Map;

/**
 * The HTTP headers of the admission review request, as the API server (not the end user) sent it to the webhook
 * server: read-only, keys looked up in any letter case, repeated headers joined with {@code ", "}. For
 * authenticating the API server in a handler. Injected into {@link On.Validate} and {@link On.Mutate} handlers.
 * Kopf: {@code headers}.
 */
public interface Headers extends Map<String, String> {
}
