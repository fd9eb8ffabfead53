package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * Cause detection: what happened to an object, from what is known about it. Purely computational, no side effects.
 * Kopf: {@code kopf/_core/intents/causes.py} ({@code detect_changing_cause}).
 */
public final class Causes {
    private Causes() {
    }

    /**
     * Everything the detection looks at.
     *
     * @param eventType        the raw watch event type: ADDED, MODIFIED, DELETED, or null while listing
     * @param deletionOngoing  whether {@code metadata.deletionTimestamp} is set
     * @param finalizerPresent whether our finalizer is in {@code metadata.finalizers}
     * @param diffBaseStored   whether a diff base (last handled essence) is stored on the object
     * @param essenceChanged   whether the essence differs from the stored diff base
     * @param initial          whether the operator has just started (the object was seen while listing) and the
     *                         object was not yet fully handled in this process
     */
    public record Observation(String eventType, boolean deletionOngoing, boolean finalizerPresent,
                              boolean diffBaseStored, boolean essenceChanged, boolean initial) {

        /** The observation of a body as it is, given the stored diff base and whether the essence changed. */
        public static Observation of(String eventType, JsonNode body, String finalizer, boolean diffBaseStored,
                                     boolean essenceChanged, boolean initial) {
            return new Observation(eventType, Finalizers.isDeletionOngoing(body),
                    Finalizers.isBlocked(body, finalizer), diffBaseStored, essenceChanged, initial);
        }
    }

    /** The reason of this cycle. */
    public static ChangeReason detect(Observation o) {
        Objects.requireNonNull(o, "observation");
        if ("DELETED".equals(o.eventType())) {
            return ChangeReason.GONE;
        }
        if (o.deletionOngoing() && !o.finalizerPresent()) {
            return ChangeReason.FREE;
        }
        if (o.deletionOngoing()) {
            return ChangeReason.DELETE;
        }
        if (!o.diffBaseStored()) {
            return ChangeReason.CREATE;   // creation never mixes with resuming
        }
        if (!o.essenceChanged() && o.initial()) {
            return ChangeReason.RESUME;
        }
        if (!o.essenceChanged()) {
            return ChangeReason.NOOP;
        }
        return ChangeReason.UPDATE;
    }

    /**
     * Whether resume handlers are mixed into this cause (Kopf's {@code cause.initial}): the operator just started,
     * except for creations, which never resume.
     */
    public static boolean resumes(ChangeReason reason, Observation o) {
        return o.initial() && reason != ChangeReason.CREATE;
    }
}
