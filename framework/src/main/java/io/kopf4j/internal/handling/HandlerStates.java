package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.internal.model.HandlerId;
import io.kopf4j.internal.model.HandlerState;
import io.kopf4j.internal.model.ProgressRecord;
import io.kopf4j.internal.registry.RealPatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The states of the handlers of one object for the current cause, with the records they were read from (so only
 * changed ones are written). Immutable: every transition returns a new instance. Kopf:
 * {@code kopf/_core/actions/progression.py} ({@code State}).
 */
public final class HandlerStates {
    /** How many handlers of one purpose succeeded, failed, and are still running. */
    public record Counters(int success, int failure, int running) {
    }

    private final Map<HandlerId, HandlerState> states;
    private final Map<HandlerId, ProgressRecord> origins;
    private final String purpose;

    private HandlerStates(Map<HandlerId, HandlerState> states, Map<HandlerId, ProgressRecord> origins,
                          String purpose) {
        this.states = states;
        this.origins = origins;
        this.purpose = purpose;
    }

    /** No states at all. */
    public static HandlerStates empty() {
        return new HandlerStates(Map.of(), Map.of(), null);
    }

    /**
     * The states stored on the body for these handlers (passive until claimed by {@link #withHandlers}).
     *
     * @throws IllegalArgumentException when a stored record cannot be read
     */
    public static HandlerStates fromStorage(JsonNode body, ProgressStore store, Collection<HandlerId> ids,
                                            Instant now) {
        return fromStorage(body, store, ids, now, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * The states stored on the body for these handlers; a record that cannot be read counts as absent (its handler
     * starts afresh) after {@code corrupt} is told about it.
     */
    public static HandlerStates fromStorage(JsonNode body, ProgressStore store, Collection<HandlerId> ids,
                                            Instant now, Consumer<String> corrupt) {
        Map<HandlerId, HandlerState> states = new LinkedHashMap<>();
        Map<HandlerId, ProgressRecord> origins = new LinkedHashMap<>();
        for (HandlerId id : new LinkedHashSet<>(ids)) {
            ProgressRecord record = store.fetch(id, body, corrupt);
            if (record != null) {
                states.put(id, HandlerState.fromRecord(record, now));
                origins.put(id, record);
            }
        }
        return new HandlerStates(states, origins, null);
    }

    /** The same states for another purpose; the given handlers are re-purposed too. */
    public HandlerStates withPurpose(String newPurpose, Collection<HandlerId> repurposed) {
        Map<HandlerId, HandlerState> copy = new LinkedHashMap<>(states);
        for (HandlerId id : repurposed) {
            HandlerState s = copy.get(id);
            if (s != null) {
                copy.put(id, s.withPurpose(newPurpose));
            }
        }
        return new HandlerStates(copy, origins, newPurpose);
    }

    /** The given handlers take part in this cycle: new ones start now, stored ones become active. */
    public HandlerStates withHandlers(Collection<HandlerId> ids, Instant now) {
        Map<HandlerId, HandlerState> copy = new LinkedHashMap<>(states);
        for (HandlerId id : ids) {
            HandlerState s = copy.get(id);
            copy.put(id, s == null ? HandlerState.started(now, purpose) : s.asActive());
        }
        return new HandlerStates(copy, origins, purpose);
    }

    /** The states after these invocations, at {@code now}. */
    public HandlerStates withOutcomes(Map<HandlerId, Execution.Invocation> outcomes, Instant now) {
        Map<HandlerId, HandlerState> copy = new LinkedHashMap<>(states);
        outcomes.forEach((id, invocation) -> {
            HandlerState s = copy.get(id);
            if (s == null) {
                throw new IllegalStateException("An outcome of an unknown handler: " + id);
            }
            copy.put(id, s.after(invocation.outcome(), invocation.subrefs(), now));
        });
        return new HandlerStates(copy, origins, purpose);
    }

    public HandlerState get(HandlerId id) {
        return states.get(id);
    }

    public Set<HandlerId> ids() {
        return states.keySet();
    }

    /** Writes the states that differ from what was stored into the patch. */
    public void store(JsonNode body, RealPatch patch, ProgressStore store) {
        states.forEach((id, state) -> {
            if (state.differsFrom(origins.get(id))) {
                store.store(id, state.toRecord(), body, patch);
            }
        });
    }

    /** Purges the records of the owned handlers, of any other known state, and of all their sub-handlers. */
    public void purge(JsonNode body, RealPatch patch, ProgressStore store, Collection<HandlerId> owned) {
        Set<HandlerId> doomed = new LinkedHashSet<>(owned);
        states.forEach((id, state) -> {
            doomed.add(id);
            doomed.addAll(state.subrefs());
        });
        doomed.forEach(id -> store.purge(id, body, patch));
    }

    /** All active handlers are finished (true when there are none). */
    public boolean done() {
        return states.values().stream().filter(HandlerState::active).allMatch(HandlerState::finished);
    }

    /** Counters of states started for other purposes than the current one (Kopf's {@code extras}). */
    public Map<String, Counters> extras() {
        Map<String, Counters> out = new TreeMap<>();
        for (HandlerState s : states.values()) {
            if (s.purpose() != null && !s.purpose().equals(purpose)) {
                out.put(s.purpose(), count(s.purpose()));
            }
        }
        return out;
    }

    /** Counters of the states of the current purpose (or of no purpose). */
    public Counters counts() {
        return count(null);
    }

    private Counters count(String of) {
        int success = 0;
        int failure = 0;
        int running = 0;
        for (HandlerState s : states.values()) {
            boolean matches = of != null ? of.equals(s.purpose())
                    : purpose == null || s.purpose() == null || s.purpose().equals(purpose);
            if (matches) {
                success += s.success() ? 1 : 0;
                failure += s.failure() ? 1 : 0;
                running += s.finished() ? 0 : 1;
            }
        }
        return new Counters(success, failure, running);
    }

    /** How long each unfinished active handler still sleeps (zero: due now). */
    public List<Duration> delays(Instant now) {
        List<Duration> out = new ArrayList<>();
        for (HandlerState s : states.values()) {
            if (s.active() && !s.finished()) {
                Duration d = s.delayed() == null ? Duration.ZERO : Duration.between(now, s.delayed());
                out.add(d.isNegative() ? Duration.ZERO : d);
            }
        }
        return out;
    }

    /** The shortest delay, or null when nothing is pending. */
    public Duration delay(Instant now) {
        return delays(now).stream().min(Duration::compareTo).orElse(null);
    }

    @Override
    public String toString() {
        return "HandlerStates" + states;
    }
}
