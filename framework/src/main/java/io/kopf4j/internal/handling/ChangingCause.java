package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Diff;

/**
 * A change of an object to be handled (or not) in this cycle. Kopf: {@code kopf/_core/intents/causes.py}
 * ({@code ChangingCause}).
 *
 * @param reason  what happened
 * @param object  the cycle's object context
 * @param old     the stored essence (diff base), or null
 * @param now     the essence now
 * @param diff    the diff from {@code old} to {@code now}
 * @param initial whether resume handlers are mixed in (the operator just started)
 */
public record ChangingCause(ChangeReason reason, ObjectContext object, JsonNode old, JsonNode now, Diff diff,
                            boolean initial) {

    /** Whether the object is being deleted (resume handlers need {@code deleted=true} then). */
    public boolean deleted() {
        return Finalizers.isDeletionOngoing(object.body());
    }
}
