package io.kopf4j.internal.admission;

import io.kopf4j.Warnings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The {@link Warnings} injectable: one thread-safe list per admission request, shared by its handlers. Not API. */
final class RealWarnings extends CopyOnWriteArrayList<String> implements Warnings {
    private static final long serialVersionUID = 1L;

    /** The warnings to send: without nulls and blank ones. */
    List<String> toSend() {
        List<String> out = new ArrayList<>();
        for (String w : this) {
            if (w != null && !w.isBlank()) {
                out.add(w);
            }
        }
        return out;
    }
}
