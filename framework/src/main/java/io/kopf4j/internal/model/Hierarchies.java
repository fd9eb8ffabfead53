package io.kopf4j.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules for building object hierarchies: owner references, labels, naming and namespaces of children objects.
 * The rules work on {@link Child} adapters, so maps, Jackson trees and client-java models (adapted in
 * {@code internal.cluster}) all follow the same code. Children are changed in place: they are usually new objects
 * about to be created, not the object being handled, so no patch is involved.
 *
 * <p>Kopf: {@code kopf/_kits/hierarchies.py}. Not API.
 */
public final class Hierarchies {

    private Hierarchies() {
    }

    /**
     * The metadata of one child object, whatever class holds it. Reads never create anything; writes create the
     * missing {@code metadata}, {@code labels} and {@code ownerReferences} containers.
     */
    public interface Child {
        /** Whether {@code metadata.name} or {@code metadata.generateName} is there (Kopf's "named" check). */
        boolean named();

        /** Sets {@code metadata.name}; null removes it. */
        void name(String name);

        /** Sets {@code metadata.generateName}; null removes it. */
        void generateName(String prefix);

        /** {@code metadata.namespace}, or null when absent. */
        String namespace();

        /** Sets {@code metadata.namespace}; null removes it. */
        void namespace(String namespace);

        /** Whether the label key is present (with any value, even null). */
        boolean hasLabel(String key);

        /** Sets one label. */
        void putLabel(String key, String value);

        /** Whether an owner reference with this uid is present. */
        boolean ownedBy(String uid);

        /** Appends an owner reference. */
        void addOwnerReference(OwnerReference reference);

        /** Removes every owner reference with this uid; touches nothing when there is none. */
        void removeOwnerReference(String uid);

        /**
         * The object at a field path inside this child (e.g. {@code spec.template}), as a child of its own; empty
         * when the field or any of its parents is absent or null.
         *
         * @throws IllegalArgumentException when the field or one of its parents is not an object
         */
        Optional<Child> nested(FieldPath path);
    }

    /**
     * An owner reference, as Kubernetes stores it in {@code metadata.ownerReferences}.
     * Kopf: {@code kopf/_cogs/structs/bodies.py} ({@code build_owner_reference}).
     */
    public record OwnerReference(String apiVersion, String kind, String name, String uid, boolean controller,
                                 boolean blockOwnerDeletion) {
        /** The reference as a JSON-like map, in the API's field names. */
        public Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("apiVersion", apiVersion);
            map.put("kind", kind);
            map.put("name", name);
            map.put("uid", uid);
            map.put("controller", controller);
            map.put("blockOwnerDeletion", blockOwnerDeletion);
            return map;
        }
    }

    /**
     * What the rules need from an owner. Any field may be null here; the rules that need one check for it.
     * {@code labels} is never null.
     */
    public record Owner(String apiVersion, String kind, String name, String uid, String namespace,
                        Map<String, String> labels) {
        public Owner {
            apiVersion = blankToNull(apiVersion);
            kind = blankToNull(kind);
            name = blankToNull(name);
            uid = blankToNull(uid);
            namespace = blankToNull(namespace);
            labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        }

        /** An owner read from a Jackson tree of a whole object. */
        public static Owner of(JsonNode body) {
            JsonNode meta = body == null ? null : body.get("metadata");
            Map<String, String> labels = new LinkedHashMap<>();
            JsonNode labelsNode = meta == null ? null : meta.get("labels");
            if (labelsNode != null && labelsNode.isObject()) {
                labelsNode.fields().forEachRemaining(e ->
                        labels.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
            }
            return new Owner(text(body, "apiVersion"), text(body, "kind"), text(meta, "name"), text(meta, "uid"),
                    text(meta, "namespace"), labels);
        }

        /** An owner read from a JSON-like map of a whole object. */
        public static Owner of(Map<?, ?> body) {
            Object metaValue = body.get("metadata");
            Map<?, ?> meta = metaValue instanceof Map<?, ?> m ? m : Map.of();
            Map<String, String> labels = new LinkedHashMap<>();
            if (meta.get("labels") instanceof Map<?, ?> map) {
                map.forEach((k, v) -> labels.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
            }
            return new Owner(string(body.get("apiVersion")), string(body.get("kind")), string(meta.get("name")),
                    string(meta.get("uid")), string(meta.get("namespace")), labels);
        }

        /**
         * The owner reference to this owner.
         *
         * @throws IllegalArgumentException naming every field that an owner reference needs and the owner lacks
         */
        public OwnerReference reference(boolean controller, boolean blockOwnerDeletion) {
            List<String> missing = new ArrayList<>();
            if (apiVersion == null) {
                missing.add("apiVersion");
            }
            if (kind == null) {
                missing.add("kind");
            }
            if (name == null) {
                missing.add("metadata.name");
            }
            if (uid == null) {
                missing.add("metadata.uid");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("The owner has no " + String.join(", ", missing)
                        + "; an owner reference needs apiVersion, kind, metadata.name and metadata.uid.");
            }
            return new OwnerReference(apiVersion, kind, name, uid, controller, blockOwnerDeletion);
        }

        private static String text(JsonNode node, String key) {
            JsonNode value = node == null ? null : node.get(key);
            return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
        }

        private static String string(Object value) {
            return value == null || value instanceof Map || value instanceof Iterable ? null : value.toString();
        }

        private static String blankToNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }

    /** A child backed by a mutable JSON-like map; nested maps and lists it gets are changed in place too. */
    public static Child child(Map<String, Object> body) {
        return new MapChild(Objects.requireNonNull(body, "child"));
    }

    /** A child backed by a Jackson object node, changed in place. */
    public static Child child(ObjectNode body) {
        return new JsonChild(Objects.requireNonNull(body, "child"));
    }

    /**
     * Makes the children owned by the owner, named after it, in its namespace, and labelled with its labels.
     * Kopf: {@code adopt()}.
     */
    public static void adopt(List<Child> children, Owner owner, boolean forced, boolean strict,
                             List<FieldPath> nested) {
        appendOwnerReference(children, owner, true, true);
        harmonizeNaming(children, owner.name(), forced, strict);
        adjustNamespace(children, owner.namespace(), forced);
        label(children, owner.labels(), forced, nested);
    }

    /** Appends an owner reference unless one with the owner's uid is there. Kopf: {@code append_owner_reference()}. */
    public static void appendOwnerReference(List<Child> children, Owner owner, boolean controller,
                                            boolean blockOwnerDeletion) {
        OwnerReference reference = owner.reference(controller, blockOwnerDeletion);
        for (Child child : children) {
            if (!child.ownedBy(reference.uid())) {
                child.addOwnerReference(reference);
            }
        }
    }

    /** Removes the owner references with the owner's uid. Kopf: {@code remove_owner_reference()}. */
    public static void removeOwnerReference(List<Child> children, Owner owner) {
        if (owner.uid() == null) {
            throw new IllegalArgumentException(
                    "The owner has no metadata.uid; owner references are matched by the owner's uid.");
        }
        for (Child child : children) {
            child.removeOwnerReference(owner.uid());
        }
    }

    /**
     * Labels the children and the objects at the nested paths inside each (absent ones are skipped). Existing
     * values are kept unless forced. Kopf: {@code label()}.
     */
    public static void label(List<Child> children, Map<String, String> labels, boolean forced,
                             List<FieldPath> nested) {
        Objects.requireNonNull(labels, "labels");
        for (Child child : children) {
            List<Child> targets = new ArrayList<>();
            targets.add(child);
            for (FieldPath path : nested) {
                child.nested(path).ifPresent(targets::add);
            }
            for (Child target : targets) {
                labels.forEach((key, value) -> {
                    if (forced || !target.hasLabel(key)) {
                        target.putLabel(key, value);
                    }
                });
            }
        }
    }

    /**
     * Names the children after the name: strictly (the name as is) or not (a {@code generateName} of
     * {@code name-}, the server adds a suffix). Children that have a name or a generateName keep it unless forced.
     * Kopf: {@code harmonize_naming()}.
     */
    public static void harmonizeNaming(List<Child> children, String name, boolean forced, boolean strict) {
        if (name == null) {
            throw new IllegalArgumentException("The name to harmonize the children with is null.");
        }
        for (Child child : children) {
            if (forced || !child.named()) {
                if (strict) {
                    child.generateName(null);
                    child.name(name);
                } else {
                    child.name(null);
                    child.generateName(name + "-");
                }
            }
        }
    }

    /**
     * Puts the children into the namespace, unless they have one and it is not forced. A null namespace (a
     * cluster-scoped owner) changes nothing, or removes the children's namespace when forced.
     * Kopf: {@code adjust_namespace()}.
     */
    public static void adjustNamespace(List<Child> children, String namespace, boolean forced) {
        for (Child child : children) {
            if (forced || child.namespace() == null) {
                child.namespace(namespace);
            }
        }
    }
}
