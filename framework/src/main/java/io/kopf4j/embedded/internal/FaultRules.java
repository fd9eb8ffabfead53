package io.kopf4j.embedded.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** The fault-injection rules the public {@code Faults} adds; consulted at the start of every request. Not API. */
public final class FaultRules {

    /** What a matching rule does: answer instead of the server (status > 0), or delay the request first. */
    public record Action(int status, String contentType, String body, Duration delay) {
    }

    private static final class Rule {
        final String method;
        final Pattern path;
        final Action action;
        int remaining;

        Rule(String method, Pattern path, Action action, int remaining) {
            this.method = method;
            this.path = path;
            this.action = action;
            this.remaining = remaining;
        }
    }

    private final List<Rule> rules = new ArrayList<>();

    /** Adds a rule; {@code times} &lt; 0 means for ever. */
    public synchronized void add(String method, String pathRegex, Action action, int times) {
        rules.add(new Rule(method == null ? "*" : method.toUpperCase(), Pattern.compile(pathRegex), action, times));
    }

    public synchronized void clear() {
        rules.clear();
    }

    public synchronized int size() {
        return rules.size();
    }

    /** The actions for this request, in rule order, using up one of each matching rule's times. */
    public synchronized List<Action> match(String method, String path) {
        if (rules.isEmpty()) {
            return List.of();
        }
        List<Action> out = new ArrayList<>();
        for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
            Rule r = it.next();
            if ((r.method.equals("*") || r.method.equals(method)) && r.path.matcher(path).matches()) {
                out.add(r.action);
                if (r.remaining > 0 && --r.remaining == 0) {
                    it.remove();
                }
                if (r.action.status() > 0) {
                    break;
                }
            }
        }
        return out;
    }
}
