package io.kopf4j.internal.cluster;

import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.Hierarchies;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Hierarchies.Child} over a client-java model with {@code getMetadata()}/{@code setMetadata(V1ObjectMeta)}:
 * a top-level {@code KubernetesObject} such as {@code V1Pod}, or a nested template such as
 * {@code V1PodTemplateSpec}. Labels and owner references are replaced by changed mutable copies, so models built
 * with immutable collections ({@code List.of(...)}) work too. Kopf: the {@code KubernetesModel} cases.
 */
final class ModelChild implements Hierarchies.Child {
    private final Object model;
    private final Method getter;
    private final Method setter;

    private ModelChild(Object model, Method getter, Method setter) {
        this.model = model;
        this.getter = getter;
        this.setter = setter;
    }

    /** The model as a child, or empty when its class has no metadata accessors of client-java's shape. */
    static Optional<Hierarchies.Child> of(Object model) {
        try {
            Method getter = model.getClass().getMethod("getMetadata");
            Method setter = model.getClass().getMethod("setMetadata", V1ObjectMeta.class);
            if (!V1ObjectMeta.class.isAssignableFrom(getter.getReturnType())) {
                return Optional.empty();
            }
            return Optional.of(new ModelChild(model, getter, setter));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean named() {
        V1ObjectMeta meta = read();
        return meta != null && (meta.getName() != null || meta.getGenerateName() != null);
    }

    @Override
    public void name(String name) {
        if (name != null || read() != null) {
            write().setName(name);
        }
    }

    @Override
    public void generateName(String prefix) {
        if (prefix != null || read() != null) {
            write().setGenerateName(prefix);
        }
    }

    @Override
    public String namespace() {
        V1ObjectMeta meta = read();
        return meta == null ? null : meta.getNamespace();
    }

    @Override
    public void namespace(String namespace) {
        if (namespace != null || read() != null) {
            write().setNamespace(namespace);
        }
    }

    @Override
    public boolean hasLabel(String key) {
        V1ObjectMeta meta = read();
        return meta != null && meta.getLabels() != null && meta.getLabels().containsKey(key);
    }

    @Override
    public void putLabel(String key, String value) {
        V1ObjectMeta meta = write();
        Map<String, String> labels = meta.getLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(meta.getLabels());
        labels.put(key, value);
        meta.setLabels(labels);
    }

    @Override
    public boolean ownedBy(String uid) {
        V1ObjectMeta meta = read();
        return meta != null && meta.getOwnerReferences() != null
                && meta.getOwnerReferences().stream().anyMatch(ref -> ref != null && uid.equals(ref.getUid()));
    }

    @Override
    public void addOwnerReference(Hierarchies.OwnerReference reference) {
        V1ObjectMeta meta = write();
        List<V1OwnerReference> refs = meta.getOwnerReferences() == null ? new ArrayList<>()
                : new ArrayList<>(meta.getOwnerReferences());
        refs.add(new V1OwnerReference()
                .apiVersion(reference.apiVersion())
                .kind(reference.kind())
                .name(reference.name())
                .uid(reference.uid())
                .controller(reference.controller())
                .blockOwnerDeletion(reference.blockOwnerDeletion()));
        meta.setOwnerReferences(refs);
    }

    @Override
    public void removeOwnerReference(String uid) {
        if (ownedBy(uid)) {
            V1ObjectMeta meta = read();
            List<V1OwnerReference> refs = new ArrayList<>(meta.getOwnerReferences());
            refs.removeIf(ref -> ref != null && uid.equals(ref.getUid()));
            meta.setOwnerReferences(refs);
        }
    }

    @Override
    public Optional<Hierarchies.Child> nested(FieldPath path) {
        Object current = model;
        List<String> keys = path.keys();
        for (int i = 0; i < keys.size() && current != null; i++) {
            current = field(current, keys.get(i));
        }
        if (current == null) {
            return Optional.empty();
        }
        Optional<Hierarchies.Child> child = HierarchyObjects.single(current);
        if (child.isEmpty()) {
            throw new IllegalArgumentException("The child's " + path + " is not an object with metadata: "
                    + current.getClass().getName());
        }
        return child;
    }

    /** A model's field by its API name ({@code jobTemplate} → {@code getJobTemplate()}), or null when absent. */
    private static Object field(Object owner, String key) {
        if (owner instanceof Map<?, ?> map) {
            return map.get(key);
        }
        if (key.isEmpty()) {
            return null;
        }
        String getterName = "get" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        try {
            return owner.getClass().getMethod(getterName).invoke(owner);
        } catch (NoSuchMethodException e) {
            return null;  // as Kopf: no such attribute means no such field, silently skipped
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + key + " of " + owner.getClass().getName(), e);
        }
    }

    private V1ObjectMeta read() {
        try {
            return (V1ObjectMeta) getter.invoke(model);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read the metadata of " + model.getClass().getName(), e);
        }
    }

    private V1ObjectMeta write() {
        V1ObjectMeta meta = read();
        if (meta == null) {
            meta = new V1ObjectMeta();
            try {
                setter.invoke(model, meta);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot set the metadata of " + model.getClass().getName(), e);
            }
        }
        return Objects.requireNonNull(meta);
    }
}
