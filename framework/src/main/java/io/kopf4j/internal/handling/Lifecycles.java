package io.kopf4j.internal.handling;

import io.kopf4j.Lifecycle;
import io.kopf4j.internal.registry.HandlerSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which of the due handlers run in this cycle, and in what order. Kopf: {@code kopf/_core/actions/lifecycles.py}.
 */
final class Lifecycles {
    private Lifecycles() {
    }

    /** The plan for {@code due} (in registration order) under {@code lifecycle}. */
    static List<HandlerSpec> plan(Lifecycle lifecycle, List<HandlerSpec> due, HandlerStates states,
                                  RandomGenerator random) {
        if (due.isEmpty()) {
            return List.of();
        }
        switch (lifecycle) {
            case ALL_AT_ONCE:
                return List.copyOf(due);
            case ONE_BY_ONE:
                return List.of(due.get(0));
            case RANDOMIZED:
                return List.of(due.get(random.nextInt(due.size())));
            case SHUFFLED: {
                List<HandlerSpec> copy = new ArrayList<>(due);
                for (int i = copy.size() - 1; i > 0; i--) {
                    Collections.swap(copy, i, random.nextInt(i + 1));
                }
                return copy;
            }
            case ASAP:
            default: {
                // A stable sort: among equals, the registration order.
                List<HandlerSpec> copy = new ArrayList<>(due);
                copy.sort(Comparator.comparingInt(h -> states.get(h.id()) == null ? 0
                        : states.get(h.id()).retries()));
                return List.of(copy.get(0));
            }
        }
    }
}
