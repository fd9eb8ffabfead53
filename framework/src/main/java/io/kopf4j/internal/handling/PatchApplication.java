package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.cluster.ApiNotFoundError;
import io.kopf4j.internal.cluster.ApiUnprocessableEntityError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.model.SecretRedaction;
import io.kopf4j.internal.registry.RealPatch;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Applies one cycle's patch with as few requests as possible: the merge-patch to the object (without {@code status}
 * when the resource has the status subresource) and to {@code /status}, each only when non-empty; then the
 * transformations ({@code patch.fn}) and the framework's own operations (finalizers), computed against the freshest
 * body (what the merge-patches returned, else the body processed) and sent as one JSON-patch per endpoint after a
 * {@code test} of the resourceVersion. A failed test (422) keeps the transformations for the next cycle; a vanished
 * object (404) is fine. The debug lines of the patches never show a Secret's data ({@link SecretRedaction}).
 * Kopf: {@code kopf/_cogs/clients/patching.py}, {@code kopf/_core/actions/application.py}.
 */
final class PatchApplication {

    /**
     * What applying produced.
     *
     * @param resourceVersion the resourceVersion of the last successful write, or null when nothing was written
     *                        (or the object is gone or about to be)
     * @param remaining       the transformations to re-run next cycle (after a conflict), else empty
     * @param writes          how many requests were sent
     */
    record Applied(String resourceVersion, List<Consumer<ObjectNode>> remaining, int writes) {
    }

    private final ClusterApi api;
    private final ResourceKind resource;

    PatchApplication(ClusterApi api, ResourceKind resource) {
        this.api = api;
        this.resource = resource;
    }

    Applied apply(JsonNode body, RealPatch patch, Function<JsonNode, List<ObjectNode>> frameworkOps, Logger logger) {
        String path = resource.objectPath(body.path("metadata").path("namespace").asText(null),
                body.path("metadata").path("name").asText());
        boolean subresource = resource.hasStatusSubresource();
        ObjectNode merge = patch.toMergePatch();
        ObjectNode[] split = subresource ? RealPatch.splitStatus(merge) : new ObjectNode[]{merge, null};
        JsonNode fresh = null;
        int writes = 0;
        try {
            if (!split[0].isEmpty()) {
                logger.debug("Merge-patching the resource with: {}", SecretRedaction.body(resource, split[0]));
                fresh = api.patch(path, split[0], ClusterApi.PatchType.MERGE);
                writes++;
            }
            if (split[1] != null && !split[1].isEmpty()) {
                logger.debug("Merge-patching the status with: {}", SecretRedaction.body(resource, split[1]));
                fresh = api.patchStatus(path, split[1]);
                writes++;
            }
            JsonNode base = fresh != null && fresh.isObject() ? fresh : body;
            List<ObjectNode> ops = new ArrayList<>();
            if (!patch.transformations().isEmpty()) {
                ObjectNode changed = base.deepCopy();
                patch.transformations().forEach(fn -> fn.accept(changed));
                ops.addAll(JsonPatchDiff.diff(base, changed));
            }
            ops.addAll(frameworkOps.apply(base));
            List<ObjectNode> bodyOps = new ArrayList<>();
            List<ObjectNode> statusOps = new ArrayList<>();
            for (ObjectNode op : ops) {
                (subresource && JsonPatchDiff.isStatus(op) ? statusOps : bodyOps).add(op);
            }
            try {
                if (!bodyOps.isEmpty()) {
                    List<ObjectNode> doc = new ArrayList<>();
                    doc.add(Finalizers.testResourceVersion(base));
                    doc.addAll(bodyOps);
                    logger.debug("JSON-patching the resource with: {}", SecretRedaction.jsonPatch(resource, doc));
                    base = api.patch(path, Finalizers.document(doc), ClusterApi.PatchType.JSON);
                    fresh = base;
                    writes++;
                }
                if (!statusOps.isEmpty()) {
                    List<ObjectNode> doc = new ArrayList<>();
                    doc.add(Finalizers.testResourceVersion(base));
                    doc.addAll(statusOps);
                    logger.debug("JSON-patching the status with: {}", SecretRedaction.jsonPatch(resource, doc));
                    fresh = api.patch(path + "/status", Finalizers.document(doc), ClusterApi.PatchType.JSON);
                    writes++;
                }
            } catch (ApiUnprocessableEntityError e) {
                logger.debug("Could not apply the patch in full due to conflicts with newer changes. "
                        + "Will try on the next cycle soon.");
                return new Applied(versionOf(fresh), List.copyOf(patch.transformations()), writes);
            }
            return new Applied(versionOf(fresh), List.of(), writes);
        } catch (ApiNotFoundError e) {
            logger.debug("Patching was skipped: the object does not exist anymore.");
            return new Applied(null, List.of(), writes);
        }
    }

    /**
     * The resourceVersion to wait for; none when nothing was written, or when the last finalizer of a deleted object
     * was removed (the object vanishes, and Kubernetes does not bump the version for it: nothing to wait for).
     */
    private static String versionOf(JsonNode fresh) {
        if (fresh == null || !fresh.isObject()) {
            return null;
        }
        JsonNode meta = fresh.path("metadata");
        if (Finalizers.isDeletionOngoing(fresh) && meta.path("finalizers").isEmpty()) {
            return null;
        }
        String rv = meta.path("resourceVersion").asText("");
        return rv.isEmpty() ? null : rv;
    }
}
