package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.RealPatch;
import org.slf4j.Logger;

/**
 * What every handler of one object sees in one processing cycle: the resource, the freshest body, the one patch
 * collected over the cycle, the object's logger, its memo, and the Events poster. Built once per cycle.
 *
 * @param resource the resource kind
 * @param body     the freshest body (nobody changes it)
 * @param patch    the cycle's patch
 * @param logger   the per-object logger
 * @param memo     the object's memo
 * @param events   the Events injectable
 * @param indices  the operator's indices
 */
public record ObjectContext(ResourceKind resource, JsonNode body, RealPatch patch, Logger logger, Memo memo,
                            Events events, Indices indices) {

    /** Without indices. */
    public ObjectContext(ResourceKind resource, JsonNode body, RealPatch patch, Logger logger, Memo memo,
                         Events events) {
        this(resource, body, patch, logger, memo, events, Indices.none());
    }
}
