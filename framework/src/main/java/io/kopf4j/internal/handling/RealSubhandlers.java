package io.kopf4j.internal.handling;

import io.kopf4j.ErrorMode;
import io.kopf4j.Handler;
import io.kopf4j.Subhandlers;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.registry.HandlerSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The sub-handlers of one invocation of a parent handler: registered as {@code parent/child}, run (once per cycle)
 * either explicitly by {@link #execute()} inside the parent or implicitly after it returns, each with its own progress
 * record. The parent is retried while any child is unfinished; every child id (all levels deep) is added to the
 * {@code subrefs} of all its ancestors. Context is passed explicitly, never through thread-locals. Kopf:
 * {@code kopf/_core/reactor/subhandling.py}.
 */
final class RealSubhandlers implements Subhandlers {

    /** The parent must be retried because some of its sub-handlers are unfinished (Kopf's HandlerChildrenRetry). */
    static final class ChildrenRetry extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Duration delay;

        ChildrenRetry(Duration delay) {
            super("Some sub-handlers are unfinished.", null, false, false);
            this.delay = delay;
        }

        Duration delay() {
            return delay;
        }
    }

    private final Execution execution;
    private final ChangingCause cause;
    private final HandlerSpec parent;
    private final List<Set<HandlerId>> containers;
    private final Map<HandlerId, HandlerSpec> registered = new LinkedHashMap<>();
    private boolean executed;

    RealSubhandlers(Execution execution, ChangingCause cause, HandlerSpec parent, List<Set<HandlerId>> containers) {
        this.execution = execution;
        this.cause = cause;
        this.parent = parent;
        this.containers = containers;
    }

    @Override
    public void register(String id, Handler handler) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(handler, "handler");
        HandlerId child = parent.id().child(id);
        if (registered.containsKey(child)) {
            throw new IllegalArgumentException("A sub-handler '" + id + "' is already registered in '"
                    + parent.id() + "'.");
        }
        // Children inherit the parent's kind and field (so they see the same narrowed diff), nothing else.
        registered.put(child, new HandlerSpec(child, parent.kind(), parent.selector(), List.of(), parent.field(),
                ErrorMode.TEMPORARY, Optional.empty(), OptionalInt.empty(), Optional.empty(), true, parent.deleted(),
                parent.param(), handler::handle, parent.description() + "/" + id));
    }

    @Override
    public void execute() {
        if (executed) {
            return;
        }
        executed = true;
        List<HandlerSpec> children = new ArrayList<>(registered.values());
        ProgressStore store = execution.store();
        HandlerStates states = HandlerStates.fromStorage(cause.object().body(), store, registered.keySet(),
                        execution.now(), problem -> cause.object().logger().warn(
                                "{}; the sub-handler starts afresh.", problem))
                .withPurpose(cause.reason().purpose(), List.of())
                .withHandlers(registered.keySet(), execution.now());
        Map<HandlerId, Execution.Invocation> outcomes = execution.executeOnce(children, states, cause, containers);
        states = states.withOutcomes(outcomes, execution.now());
        states.store(cause.object().body(), cause.object().patch(), store);
        Results.deliver(outcomes, cause.object().patch());
        for (HandlerId id : states.ids()) {
            for (Set<HandlerId> container : containers) {
                container.add(id);
            }
        }
        if (!states.done()) {
            throw new ChildrenRetry(states.delay(execution.now()));
        }
    }

    /** After the parent returned: runs the children unless the parent did. */
    void executeImplicitly() {
        if (!registered.isEmpty()) {
            execute();
        }
    }
}
