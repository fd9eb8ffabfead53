package io.kopf4j;

import io.kopf4j.internal.cluster.HierarchyObjects;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.Hierarchies;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The entry point: running operators, the constants used in handler annotations, and the helpers for children
 * objects. Kopf: the {@code kopf} module.
 *
 * <h2>Children (Kopf's hierarchies)</h2>
 * The helpers {@link #adopt(Object, Object)}, {@link #appendOwnerReference(Object, Object)},
 * {@link #removeOwnerReference(Object, Object)}, {@link #label(Object, Map, String...)},
 * {@link #harmonizeNaming(Object, String)} and {@link #adjustNamespace(Object, String)} change children in place,
 * usually right before creating them. A child is a mutable {@code Map<String, Object>} (nested maps and lists
 * must be mutable too), a Jackson {@code ObjectNode}, or a client-java model ({@code V1Pod}, {@code V1ConfigMap},
 * any {@code KubernetesObject}), or an {@code Iterable} or array of them. An owner is a {@link Body} (usually the
 * handler's own), a {@code Map}, a Jackson {@code JsonNode}, or a client-java {@code KubernetesObject}; unlike Kopf,
 * it is always passed explicitly. Kopf: {@code kopf/_kits/hierarchies.py}.
 */
public final class Kopf {
    /** Matches any value of a label, annotation or field that is present (Kopf's {@code kopf.PRESENT}). */
    public static final String PRESENT = "@@present";
    /** Matches a label, annotation or field that is absent (Kopf's {@code kopf.ABSENT}). */
    public static final String ABSENT = "@@absent";
    /** Selects every served resource except Events (Kopf's {@code kopf.EVERYTHING}). */
    public static final String EVERYTHING = "*";

    private Kopf() {
    }

    /**
     * Runs operators from {@code main}: parses the command line ({@code run} by default, {@code serve},
     * {@code --help}, {@code --version}; every option also from {@code KOPF_RUN_<OPTION>}), connects, and serves until
     * SIGTERM or SIGINT, then stops gracefully. Kopf: {@code kopf run}.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     System.exit(Kopf.run(args, new ExampleOperator()));
     * }
     * }</pre>
     *
     * @param operators objects with annotated handler methods, and {@link #registry()}s with handlers added in code
     * @return the exit code: 0 after a clean stop, 1 on a failure, 2 on a usage error
     */
    public static int run(String[] args, Object... operators) {
        List<Object> all = List.of(operators);
        return new io.kopf4j.internal.cli.Cli().execute(args, new io.kopf4j.internal.cli.OperatorCommands(
                () -> operator(all.toArray()), System.out), System.out, System.err);
    }

    /**
     * An operator to embed in a larger application or a test: configure it, then {@link Operator#start()} it.
     * Invalid handlers are reported here, with the method and the problem named.
     *
     * @param operators objects with annotated handler methods, and {@link #registry()}s with handlers added in code
     */
    public static Operator operator(Object... operators) {
        List<Object> all = List.of(operators);
        io.kopf4j.internal.registry.RealRegistry.of(all.toArray());
        for (Object o : all) {   // index and activity handlers: reported here too
            io.kopf4j.internal.registry.AnnotationScanner.scanIndices(o);
            io.kopf4j.internal.registry.ActivityScanner.scan(o);
        }
        return new io.kopf4j.internal.lifecycle.RealOperator(all,
                objects -> io.kopf4j.internal.registry.RealRegistry.of(objects.toArray()));
    }

    /**
     * Makes the children the owner's: appends an owner reference to it (as controller, blocking its deletion),
     * names unnamed children {@code generateName: <owner's name>-}, puts children without a namespace into the
     * owner's, and adds the owner's labels the children lack. Kopf: {@code kopf.adopt(objs, owner)}.
     *
     * @param child a child, or an {@code Iterable}/array of children
     * @param owner the owner; it needs {@code apiVersion}, {@code kind}, {@code metadata.name} and {@code metadata.uid}
     * @throws IllegalArgumentException when the owner lacks any of those fields, or an object is of an unsupported
     *                                  class or shape
     */
    public static void adopt(Object child, Object owner) {
        adopt(child, owner, false, false);
    }

    /**
     * {@link #adopt(Object, Object)} with Kopf's options. Kopf: {@code kopf.adopt(objs, owner, forced=, strict=,
     * nested=)}.
     *
     * @param force  overwrite the children's names, namespaces and labels that are already set
     * @param strict name the children exactly as the owner, not with a {@code generateName} prefix
     * @param nested dotted paths of objects inside each child that get the labels too (e.g. {@code spec.template})
     */
    public static void adopt(Object child, Object owner, boolean force, boolean strict, String... nested) {
        Hierarchies.adopt(HierarchyObjects.children(child), HierarchyObjects.owner(owner), force, strict,
                paths(nested));
    }

    /**
     * Appends an owner reference to the owner, as controller and blocking the owner's deletion, unless the child
     * already has a reference with the owner's uid. Kopf: {@code kopf.append_owner_reference(objs, owner)}.
     *
     * @throws IllegalArgumentException when the owner lacks {@code apiVersion}, {@code kind}, {@code metadata.name}
     *                                  or {@code metadata.uid}, or an object is of an unsupported class or shape
     */
    public static void appendOwnerReference(Object child, Object owner) {
        appendOwnerReference(child, owner, true, true);
    }

    /**
     * {@link #appendOwnerReference(Object, Object)} with the reference's {@code controller} and
     * {@code blockOwnerDeletion} flags. A reference with the owner's uid that is already there is left as it is,
     * flags included. Kopf: {@code kopf.append_owner_reference(objs, owner, controller=, block_owner_deletion=)}.
     */
    public static void appendOwnerReference(Object child, Object owner, boolean controller,
                                            boolean blockOwnerDeletion) {
        Hierarchies.appendOwnerReference(HierarchyObjects.children(child), HierarchyObjects.owner(owner), controller,
                blockOwnerDeletion);
    }

    /**
     * Removes the child's owner references with the owner's uid, if any. Kopf:
     * {@code kopf.remove_owner_reference(objs, owner)}.
     *
     * @throws IllegalArgumentException when the owner has no {@code metadata.uid}, or an object is of an unsupported
     *                                  class or shape
     */
    public static void removeOwnerReference(Object child, Object owner) {
        Hierarchies.removeOwnerReference(HierarchyObjects.children(child), HierarchyObjects.owner(owner));
    }

    /**
     * Adds the labels the child lacks, keeping existing values; also to the objects at the nested paths inside the
     * child, when there (e.g. {@code "spec.template"} labels a Deployment's pods, {@code "spec.jobTemplate"} a
     * CronJob's jobs). Kopf: {@code kopf.label(objs, labels, nested=)}.
     *
     * @param nested dotted paths inside the child; absent ones are skipped
     * @throws IllegalArgumentException when a nested path is not an object, or the child is of an unsupported class
     */
    public static void label(Object child, Map<String, String> labels, String... nested) {
        label(child, labels, false, nested);
    }

    /**
     * {@link #label(Object, Map, String...)}, overwriting existing values when forced. Kopf:
     * {@code kopf.label(objs, labels, forced=, nested=)}.
     */
    public static void label(Object child, Map<String, String> labels, boolean force, String... nested) {
        Objects.requireNonNull(labels, "labels");
        Hierarchies.label(HierarchyObjects.children(child), labels, force, paths(nested));
    }

    /**
     * Names a child that has neither {@code metadata.name} nor {@code metadata.generateName}: sets
     * {@code generateName} to {@code name + "-"}, so that the API server adds a random suffix (take the real name
     * from its response). Kopf: {@code kopf.harmonize_naming(objs, name)}.
     */
    public static void harmonizeNaming(Object child, String name) {
        harmonizeNaming(child, name, false, false);
    }

    /**
     * {@link #harmonizeNaming(Object, String)}, or, when strict, sets {@code metadata.name} to the name exactly
     * (useful when other objects refer to the child by that name). Kopf: {@code kopf.harmonize_naming(objs, name,
     * strict=)}.
     */
    public static void harmonizeNaming(Object child, String name, boolean strict) {
        harmonizeNaming(child, name, strict, false);
    }

    /**
     * {@link #harmonizeNaming(Object, String, boolean)}, also renaming children that are already named when forced.
     * Whichever of {@code name}/{@code generateName} is set, the other one is removed. Kopf:
     * {@code kopf.harmonize_naming(objs, name, strict=, forced=)}.
     *
     * @throws IllegalArgumentException when the name is null
     */
    public static void harmonizeNaming(Object child, String name, boolean strict, boolean force) {
        Hierarchies.harmonizeNaming(HierarchyObjects.children(child), name, force, strict);
    }

    /**
     * Puts a child without {@code metadata.namespace} into the namespace. A null namespace (as of a cluster-scoped
     * owner) changes nothing. Kopf: {@code kopf.adjust_namespace(objs, namespace)}.
     */
    public static void adjustNamespace(Object child, String namespace) {
        adjustNamespace(child, namespace, false);
    }

    /**
     * {@link #adjustNamespace(Object, String)}, also moving children that have a namespace when forced; a forced
     * null namespace removes the children's namespace. Kopf: {@code kopf.adjust_namespace(objs, namespace,
     * forced=)}.
     */
    public static void adjustNamespace(Object child, String namespace, boolean force) {
        Hierarchies.adjustNamespace(HierarchyObjects.children(child), namespace, force);
    }

    private static List<FieldPath> paths(String... nested) {
        return Arrays.stream(Objects.requireNonNull(nested, "nested"))
                .map(path -> FieldPath.parse(Objects.requireNonNull(path, "nested path")))
                .toList();
    }

    /** A new, empty registry for handlers registered in code; pass it to {@code run}/{@code operator} with the rest. */
    public static Registry registry() {
        return new io.kopf4j.internal.registry.RealRegistry();
    }
}
