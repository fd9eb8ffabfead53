package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Body;
import io.kopf4j.internal.model.Hierarchies;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns the children and owners that users pass to the hierarchy helpers into what {@link Hierarchies} works on:
 * JSON-like maps, Jackson object nodes and client-java models, one by one or in any {@code Iterable} (or array) of
 * them, nested to any depth (Kopf's {@code dicts.walk}). Lives here because client-java models are known only in
 * this layer. Kopf: {@code kopf/_kits/hierarchies.py}. Not API.
 */
public final class HierarchyObjects {

    private HierarchyObjects() {
    }

    /**
     * The children in the argument, flattened.
     *
     * @throws IllegalArgumentException for a child of any other class
     */
    public static List<Hierarchies.Child> children(Object objects) {
        Objects.requireNonNull(objects, "child");
        List<Hierarchies.Child> children = new ArrayList<>();
        collect(objects, children);
        return children;
    }

    /**
     * What the rules need from an owner: a {@link Body}, a JSON-like map, a Jackson tree, or a client-java
     * {@code KubernetesObject}.
     *
     * @throws IllegalArgumentException for an owner of any other class
     */
    public static Hierarchies.Owner owner(Object owner) {
        Objects.requireNonNull(owner, "owner");
        if (owner instanceof Body body) {
            return Hierarchies.Owner.of(body.json());
        }
        if (owner instanceof JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("The owner is not a JSON object: " + node.getNodeType());
            }
            return Hierarchies.Owner.of(node);
        }
        if (owner instanceof Map<?, ?> map) {
            return Hierarchies.Owner.of(map);
        }
        if (owner instanceof KubernetesObject model) {
            V1ObjectMeta meta = model.getMetadata();
            return meta == null
                    ? new Hierarchies.Owner(model.getApiVersion(), model.getKind(), null, null, null, null)
                    : new Hierarchies.Owner(model.getApiVersion(), model.getKind(), meta.getName(), meta.getUid(),
                    meta.getNamespace(), meta.getLabels());
        }
        throw new IllegalArgumentException("Unsupported owner class: " + owner.getClass().getName()
                + "; expected a Body, a Map, a Jackson ObjectNode, or a client-java KubernetesObject.");
    }

    /** One object as a child, or empty when its class is not one of the supported ones (nor a container). */
    @SuppressWarnings("unchecked")
    static Optional<Hierarchies.Child> single(Object object) {
        if (object instanceof ObjectNode node) {
            return Optional.of(Hierarchies.child(node));
        }
        if (object instanceof Map<?, ?> map) {
            return Optional.of(Hierarchies.child((Map<String, Object>) map));
        }
        if (object instanceof JsonNode) {
            return Optional.empty();
        }
        return ModelChild.of(object);
    }

    private static void collect(Object object, List<Hierarchies.Child> into) {
        Optional<Hierarchies.Child> child = single(object);
        if (child.isPresent()) {
            into.add(child.get());
        } else if (object instanceof JsonNode node && !node.isArray()) {
            throw new IllegalArgumentException("The child is not a JSON object: " + node.getNodeType());
        } else if (object instanceof Iterable<?> iterable) {   // incl. Jackson's ArrayNode
            for (Object item : iterable) {
                collect(Objects.requireNonNull(item, "child"), into);
            }
        } else if (object instanceof Object[] array) {
            for (Object item : array) {
                collect(Objects.requireNonNull(item, "child"), into);
            }
        } else {
            throw new IllegalArgumentException("Unsupported child class: " + object.getClass().getName()
                    + "; expected a Map, a Jackson ObjectNode, a client-java model with metadata,"
                    + " or an Iterable of them.");
        }
    }
}
