package io.kopf4j.internal.registry;

import io.kopf4j.ErrorMode;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.ResourceKind;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * One registered resource handler, parsed once from an annotation (or built by the programmatic registry):
 * what it reacts to, its filters, its options, and how to call it. Immutable. Not API.
 *
 * @param id          Kopf's handler id (method name, {@code /field} appended with a field)
 * @param kind        which cause it handles
 * @param selector    which resources it is for
 * @param filters     label, annotation, field-value and {@code when} filters, all of which must pass
 * @param field       the field it is about (field handlers, and change handlers with {@code field=})
 * @param errors      what an arbitrary exception means
 * @param timeout     give up after this long since the first attempt (unset: never)
 * @param retries     give up after this many retries (unset: never)
 * @param backoff     delay between retries of arbitrary errors (unset: the settings' default backoff)
 * @param optional    delete handlers: true = no finalizer is added for it
 * @param deleted     resume handlers: also for objects being deleted
 * @param param       the {@code param} option
 * @param invoker     how to call it
 * @param description where it comes from, for messages: {@code ExampleOperator.created}
 * @param background  timers and daemons: their schedule and cancellation options; empty for other kinds
 */
public record HandlerSpec(HandlerId id, HandlerKind kind, ResourceSelector selector, List<Predicate<InvocationContext>> filters,
                          Optional<FieldPath> field, ErrorMode errors, Optional<Duration> timeout, OptionalInt retries,
                          Optional<Duration> backoff, boolean optional, boolean deleted, String param, Invoker invoker,
                          String description, Optional<BackgroundOptions> background) {

    public HandlerSpec {
        filters = List.copyOf(filters);
        background = background == null ? Optional.empty() : background;
    }

    /** A handler without background options (all kinds but timers and daemons). */
    public HandlerSpec(HandlerId id, HandlerKind kind, ResourceSelector selector,
                       List<Predicate<InvocationContext>> filters, Optional<FieldPath> field, ErrorMode errors,
                       Optional<Duration> timeout, OptionalInt retries, Optional<Duration> backoff, boolean optional,
                       boolean deleted, String param, Invoker invoker, String description) {
        this(id, kind, selector, filters, field, errors, timeout, retries, backoff, optional, deleted, param, invoker,
                description, Optional.empty());
    }

    /** Whether this handler is for objects of that resource. */
    public boolean isFor(ResourceKind resource) {
        return selector.matches(resource);
    }

    /**
     * Whether every filter passes for this invocation context (evaluated before any API write). The context must be
     * the cause's, before narrowing to the handler's field: {@code old()}/{@code newValue()} are the whole old and new
     * states (see {@link Filters}). A predicate method that throws surfaces as {@link FilterError}.
     */
    public boolean passes(InvocationContext context) {
        for (Predicate<InvocationContext> f : filters) {
            if (!f.test(context)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this handler makes the operator put its finalizer on matching objects. */
    public boolean requiresFinalizer() {
        return (kind == HandlerKind.DELETE && !optional) || kind.spawning();
    }
}
