package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Patch;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.Outcome;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.registry.Views;

import java.util.Map;

/**
 * Handlers' results into {@code status.<handler id>}: a map is merged key by key into what the patch already has, any
 * other value replaces it; null and failures store nothing. Kopf: {@code progression.deliver_results}.
 */
final class Results {
    private Results() {
    }

    static void deliver(Map<HandlerId, Execution.Invocation> outcomes, RealPatch patch) {
        outcomes.forEach((id, invocation) -> {
            Outcome outcome = invocation.outcome();
            if (!(outcome instanceof Outcome.Succeeded) || outcome.result() == null) {
                return;
            }
            JsonNode value = Views.MAPPER.valueToTree(outcome.result());
            if (value.isObject()) {
                Patch.Section section = patch.status().section(id.value());
                value.fields().forEachRemaining(e -> section.put(e.getKey(), e.getValue()));
            } else {
                patch.status().put(id.value(), value);
            }
        });
    }
}
