package io.kopf4j.examples;

import io.kopf4j.examples.admission.AdmissionOperator;
import io.kopf4j.examples.allatonce.AllAtOnceOperator;
import io.kopf4j.examples.builtins.BuiltinsOperator;
import io.kopf4j.examples.children.ChildrenOperator;
import io.kopf4j.examples.daemons.DaemonsOperator;
import io.kopf4j.examples.events.EventsOperator;
import io.kopf4j.examples.exceptions.ExceptionsOperator;
import io.kopf4j.examples.filtering.FilteringOperator;
import io.kopf4j.examples.handlers.HandlersOperator;
import io.kopf4j.examples.hooks.HooksOperator;
import io.kopf4j.examples.indexing.IndexingOperator;
import io.kopf4j.examples.minimal.MinimalOperator;
import io.kopf4j.examples.peering.PeeringOperator;
import io.kopf4j.examples.rawevents.RawEventsOperator;
import io.kopf4j.examples.subhandlers.SubhandlersOperator;
import io.kopf4j.examples.testing.TestingOperator;
import io.kopf4j.examples.timers.TimersOperator;
import io.kubernetes.client.openapi.ApiClient;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The ports of Kopf's examples, by Kopf's number and a name, each in its own package with a README.
 */
public enum Example {
    MINIMAL("01", "minimal", "one create handler, its result in the status", c -> new MinimalOperator()),
    CHILDREN("02", "children", "a Pod for every object, adopted as its child", c -> new ChildrenOperator(c.get())),
    EXCEPTIONS("03", "exceptions", "failing handlers: permanent, temporary, retried, given up",
            c -> new ExceptionsOperator()),
    EVENTS("04", "events", "posting Kubernetes Events of one's own", c -> new EventsOperator()),
    HANDLERS("05", "handlers", "several handlers per cause: resume, create, update, field, delete",
            c -> new HandlersOperator()),
    PEERING("06", "peering", "operators of one peering: the higher priority handles, the other pauses",
            c -> new PeeringOperator(), Manifests.CRD, Manifests.PEERING, Manifests.PEERING_DEFAULT),
    SUBHANDLERS("07", "subhandlers", "sub-handlers decided at run time, one per spec item",
            c -> new SubhandlersOperator()),
    RAW_EVENTS("08", "rawevents", "event handlers: silent spies on the raw watch events",
            c -> new RawEventsOperator()),
    TESTING("09", "testing", "an operator and its test with OperatorRunner and @WithEmbeddedApiServer",
            c -> new TestingOperator()),
    BUILTINS("10", "builtins", "handlers for Pods: every pod is deleted after 30 s",
            c -> new BuiltinsOperator(c.get())),
    FILTERING("11", "filtering", "label, annotation, field and when filters", c -> new FilteringOperator()),
    EMBEDDED("12", "embedded", "an operator embedded in an application (Kopf.operator)", null),
    HOOKS("13", "hooks", "startup and cleanup handlers, probes, background tasks per pod",
            c -> new HooksOperator()),
    DAEMONS("14", "daemons", "daemons: a background thread per object, stopped or interrupted",
            c -> new DaemonsOperator()),
    TIMERS("15", "timers", "timers: every few seconds once the object is idle", c -> new TimersOperator()),
    INDEXING("16", "indexing", "in-memory indices over pods, used by probes and a timer",
            c -> new IndexingOperator()),
    ADMISSION("17", "admission", "admission webhooks: validators, a mutator, warnings, managed configurations",
            c -> new AdmissionOperator()),
    ALL_AT_ONCE("99", "allatonce", "many features in one operator", c -> new AllAtOnceOperator(c.get()));

    private final String number;
    private final String exampleName;
    private final String summary;
    private final Function<Supplier<ApiClient>, Object> operator;
    private final List<String> manifests;

    Example(String number, String exampleName, String summary, Function<Supplier<ApiClient>, Object> operator,
            String... manifests) {
        this.number = number;
        this.exampleName = exampleName;
        this.summary = summary;
        this.operator = operator;
        this.manifests = manifests.length == 0 ? List.of(Manifests.CRD) : List.of(manifests);
    }

    /** Kopf's number of the example: {@code 01} to {@code 16}, {@code 99}. */
    public String number() {
        return number;
    }

    /** The name to run it by, which is also its package's last segment. */
    public String exampleName() {
        return exampleName;
    }

    /** What it shows, in one line. */
    public String summary() {
        return summary;
    }

    /** Whether it is an operator ({@code Kopf.run} runs it); otherwise an application of its own. */
    public boolean isOperator() {
        return operator != null;
    }

    /**
     * The example's operator object.
     *
     * @param client the cluster, for operators that talk to it themselves (asked only by them)
     */
    public Object operator(Supplier<ApiClient> client) {
        if (operator == null) {
            throw new IllegalStateException("the example " + exampleName + " is an application, not an operator");
        }
        return operator.apply(client);
    }

    /** The manifests it needs on the cluster (applied by {@code run EXAMPLE --embedded}). */
    public List<String> manifests() {
        return manifests;
    }

    /** The example by its name ({@code minimal}) or Kopf's number ({@code 01}). */
    public static Optional<Example> find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> n.equals(e.exampleName) || n.equals(e.number)).findFirst();
    }
}
