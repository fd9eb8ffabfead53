package io.kopf4j.internal.registry;

import io.kopf4j.Operation;
import io.kopf4j.internal.model.HandlerId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One registered admission handler ({@link io.kopf4j.On.Validate}, {@link io.kopf4j.On.Mutate}, or the programmatic
 * registry's {@code onValidate}/{@code onMutate}): what it is for, its filters, its webhook options, and how to call
 * it. Kept apart from the resource handlers: admission handlers are called by the webhook server, never from
 * watches. Immutable. Kopf: {@code WebhookHandler}. Not API.
 *
 * @param id             the handler id, also the webhook's path ({@code /<id>})
 * @param kind           validating or mutating
 * @param selector       which resources it is for
 * @param filters        label, annotation, field-value and {@code when} filters, all of which must pass
 * @param operations     the operations it is for; empty means all
 * @param subresource    empty: the main resource only; {@code "*"}: the main resource and any subresource; else one
 *                       subresource's name
 * @param persistent     whether its managed webhook stays registered after the operator exits
 * @param sideEffects    whether it has side effects outside dry runs ({@code sideEffects: NoneOnDryRun})
 * @param ignoreFailures whether an unexpected failure lets the request pass ({@code failurePolicy: Ignore})
 * @param param          the {@code param} option
 * @param invoker        how to call it
 * @param description    where it comes from, for messages: {@code ExampleOperator.check}
 */
public record AdmissionSpec(HandlerId id, Kind kind, ResourceSelector selector,
                            List<Predicate<InvocationContext>> filters, Set<Operation> operations,
                            Optional<String> subresource, boolean persistent, boolean sideEffects,
                            boolean ignoreFailures, String param, Invoker invoker, String description) {

    /** Which admission phase the handler is for. Kopf: {@code WebhookType}. */
    public enum Kind {
        VALIDATING, MUTATING
    }

    /** Matches every subresource as well as the main resource. */
    public static final String ANY_SUBRESOURCE = "*";

    public AdmissionSpec {
        filters = List.copyOf(filters);
        operations = Collections.unmodifiableSet(operations.isEmpty() ? EnumSet.noneOf(Operation.class)
                : EnumSet.copyOf(operations));
        subresource = subresource.filter(s -> !s.isEmpty());
    }

    /**
     * Whether the handler is for this operation: one of its {@code operations} (all when none are given); but a
     * mutating handler sees DELETE only when DELETE is its only operation, as Kopf (mutating a deleted object is
     * rarely meant).
     */
    public boolean acceptsOperation(Operation operation) {
        if (kind == Kind.MUTATING && operation == Operation.DELETE) {
            return operations.equals(EnumSet.of(Operation.DELETE));
        }
        return operations.isEmpty() || operations.contains(operation);
    }

    /** Whether the handler is for the request's subresource ({@code null} or empty: the main resource). */
    public boolean acceptsSubresource(String requested) {
        String wanted = subresource.orElse(null);
        if (ANY_SUBRESOURCE.equals(wanted)) {
            return true;
        }
        boolean main = requested == null || requested.isEmpty();
        return wanted == null ? main : wanted.equals(requested);
    }

    /** Whether every filter passes for this context; a failing predicate method throws {@link FilterError}. */
    public boolean passes(InvocationContext context) {
        for (Predicate<InvocationContext> f : filters) {
            if (!f.test(context)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The plain label filters as label-selector terms ({@code key=value}, {@code key}, {@code !key}), for the managed
     * webhook's {@code objectSelector}; predicates and annotation filters cannot be expressed there and are left out
     * (they are still checked here).
     */
    public List<String> labelSelectorTerms() {
        List<String> terms = new ArrayList<>();
        for (Predicate<InvocationContext> f : filters) {
            if (f instanceof Filters.MetaFilter meta) {
                meta.selectorTerm().ifPresent(terms::add);
            }
        }
        return terms;
    }
}
