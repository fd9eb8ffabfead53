package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.internal.cluster.ApiConflictError;
import io.kopf4j.internal.cluster.ApiForbiddenError;
import io.kopf4j.internal.cluster.ClusterApi;
import io.kopf4j.internal.registry.AdmissionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;

/**
 * Keeps the managed {@code ValidatingWebhookConfiguration} and {@code MutatingWebhookConfiguration} (named by
 * {@code settings.admission().managed(...)}) in step with the handlers, the served resources and the server's URL and
 * CA bundle: each is created when absent, and its {@code webhooks} replaced by a merge-patch whenever they change;
 * at exit, only the {@code persistent} handlers' entries are kept. Entries not made by this operator are replaced
 * too, as Kopf does: the configurations belong to the operator. Needs {@code create} and {@code patch} on both
 * kinds. Kopf: {@code configuration_manager}. Not API.
 */
final class ManagedConfigurations {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedConfigurations.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ClusterApi api;
    private final String name;
    private final List<AdmissionSpec> specs;

    /**
     * @param api   the cluster
     * @param name  the configurations' name ({@code admission.managed})
     * @param specs all admission handlers
     */
    ManagedConfigurations(ClusterApi api, String name, List<AdmissionSpec> specs) {
        this.api = Objects.requireNonNull(api, "api");
        this.name = Objects.requireNonNull(name, "name");
        this.specs = List.copyOf(specs);
    }

    /**
     * Writes both configurations; an {@link io.kopf4j.internal.cluster.ApiError} when the cluster refuses (a missing
     * RBAC permission is explained).
     *
     * @param resources      what each handler is for
     * @param url            the webhook server's base URL
     * @param caBundle       the CA bundle (PEM), or null
     * @param persistentOnly only the {@code persistent} entries (the cleanup at exit)
     */
    void apply(AdmissionResources resources, String url, byte[] caBundle, boolean persistentOnly) {
        for (AdmissionSpec.Kind kind : AdmissionSpec.Kind.values()) {
            ArrayNode webhooks = WebhookConfigurations.webhooks(specs, kind, resources, name, url, caBundle,
                    persistentOnly);
            write(kind, webhooks);
        }
    }

    private void write(AdmissionSpec.Kind kind, ArrayNode webhooks) {
        String collection = WebhookConfigurations.collectionPath(kind);
        String what = WebhookConfigurations.kindOf(kind) + " " + name;
        ObjectNode object = NODES.objectNode();
        object.put("apiVersion", WebhookConfigurations.GROUP_VERSION);
        object.put("kind", WebhookConfigurations.kindOf(kind));
        object.putObject("metadata").put("name", name);
        object.set("webhooks", webhooks);
        try {
            // Try-or-fail instead of check-and-do: fewer requests, and no "get" permission needed (as Kopf).
            api.create(collection, object);
            LOG.info("Created the {} with {} webhook(s).", what, webhooks.size());
            return;
        } catch (ApiConflictError exists) {
            LOG.debug("The {} exists; updating its webhooks.", what);
        } catch (ApiForbiddenError e) {
            LOG.error("Not permitted to create the {}: the operator needs create and patch on {}.", what,
                    collection.substring(collection.lastIndexOf('/') + 1));
            throw e;
        }
        ObjectNode patch = NODES.objectNode();
        patch.set("webhooks", webhooks);
        api.patch(collection + "/" + name, patch, ClusterApi.PatchType.MERGE);
        LOG.info("Reconfigured the {}: {} webhook(s).", what, webhooks.size());
    }
}
