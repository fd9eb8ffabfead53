package io.kopf4j.internal.handling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.kopf4j.Body;
import io.kopf4j.Diff;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.Param;
import io.kopf4j.Patch;
import io.kopf4j.RawEvent;
import io.kopf4j.Reason;
import io.kopf4j.Resource;
import io.kopf4j.Retry;
import io.kopf4j.Runtime;
import io.kopf4j.Started;
import io.kopf4j.Stopper;
import io.kopf4j.Subhandlers;
import io.kopf4j.internal.model.Diffs;
import io.kopf4j.internal.model.FieldPath;
import io.kopf4j.internal.model.HandlerState;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.IndexSource;
import io.kopf4j.internal.registry.InvocationContext;
import io.kopf4j.internal.registry.Views;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one invocation of one handler may be given. For field handlers, {@code diff}, {@code old} and
 * {@code new} are narrowed to the field (Kopf's {@code adjust_cause}). Built per invocation (and per filter check).
 */
public final class RealHandlerContext implements InvocationContext, IndexSource {
    private final ObjectContext object;
    private final ChangingCause cause;   // null for event handlers
    private final RawEvent event;        // null for change handlers
    private final HandlerSpec spec;
    private final HandlerState state;
    private final Instant now;
    private final Subhandlers subhandlers;
    private final Body body;
    private final boolean narrow;
    private Stopper stopper;   // timers and daemons only

    private RealHandlerContext(ObjectContext object, ChangingCause cause, RawEvent event, HandlerSpec spec,
                               HandlerState state, Instant now, Subhandlers subhandlers, boolean narrow) {
        this.narrow = narrow;
        this.object = object;
        this.cause = cause;
        this.event = event;
        this.spec = spec;
        this.state = state;
        this.now = now;
        this.subhandlers = subhandlers;
        this.body = Views.body(object.body());
    }

    /** For a change handler: {@code Old}, {@code New} and {@code Diff} are narrowed to its field. */
    public static RealHandlerContext forChange(ChangingCause cause, HandlerSpec spec, HandlerState state, Instant now,
                                               Subhandlers subhandlers) {
        return new RealHandlerContext(cause.object(), cause, null, spec, state, now, subhandlers, true);
    }

    /**
     * For a change handler's filters: they match on the cause as it is (whole old and new essences), as Kopf matches
     * filters before narrowing the cause to the handler's field.
     */
    public static RealHandlerContext forFilters(ChangingCause cause, HandlerSpec spec, Instant now) {
        return new RealHandlerContext(cause.object(), cause, null, spec, null, now, null, false);
    }

    /**
     * For a timer or daemon (or, with a null state and stopper, its filters): the freshest body, no cause, no diff.
     */
    public static RealHandlerContext forBackground(ObjectContext object, HandlerSpec spec, HandlerState state,
                                                   Instant now, Stopper stopper) {
        RealHandlerContext context = new RealHandlerContext(object, null, null, spec, state, now, null, false);
        context.stopper = stopper;
        return context;
    }

    @Override
    public Stopper stopper() {
        return stopper;
    }

    /** For an event handler (or its filters). */
    public static RealHandlerContext forEvent(ObjectContext object, String eventType, HandlerSpec spec, Instant now) {
        Body eventBody = Views.body(object.body());
        RawEvent raw = new RawEvent() {
            @Override
            public String type() {
                return eventType;
            }

            @Override
            public Body object() {
                return eventBody;
            }
        };
        return new RealHandlerContext(object, null, raw, spec, null, now, null, false);
    }

    @Override
    public <K, V> io.kopf4j.Index<K, V> index(String id) {
        return object.indices().view(id);
    }

    @Override
    public RawEvent rawEvent() {
        return event;
    }

    @Override
    public Body body() {
        return body;
    }

    @Override
    public Patch patch() {
        return object.patch();
    }

    @Override
    public Diff diff() {
        if (cause == null) {
            return Diff.empty();
        }
        return narrow ? spec.field().map(f -> Diffs.reduce(cause.diff(), f)).orElse(cause.diff()) : cause.diff();
    }

    @Override
    public Old old() {
        return Views.old(cause == null ? null : narrowed(cause.old()));
    }

    @Override
    public New newValue() {
        return Views.newValue(cause == null ? null : narrowed(cause.now()));
    }

    private JsonNode narrowed(JsonNode essence) {
        if (essence == null) {
            return null;
        }
        if (spec.field().isEmpty() || !narrow) {
            return essence;
        }
        FieldPath field = spec.field().get();
        JsonNode value = field.resolve(essence);
        return value == null ? MissingNode.getInstance() : value;
    }

    @Override
    public Reason reason() {
        return cause == null ? null : cause.reason().toReason();
    }

    @Override
    public Retry retry() {
        int attempt = state == null ? 0 : state.retries();
        return () -> attempt;
    }

    @Override
    public Started started() {
        Instant started = state == null ? now : state.started();
        return () -> started;
    }

    @Override
    public Runtime runtime() {
        Duration runtime = state == null ? Duration.ZERO : state.runtime(now);
        return () -> runtime;
    }

    @Override
    public Logger logger() {
        return object.logger();
    }

    @Override
    public Memo memo() {
        return object.memo();
    }

    @Override
    public Param param() {
        String value = spec.param() == null ? "" : spec.param();
        return () -> value;
    }

    @Override
    public Resource resource() {
        return new RealResource(object.resource());
    }

    @Override
    public Events events() {
        return object.events();
    }

    @Override
    public Subhandlers subhandlers() {
        if (subhandlers == null) {
            throw new IllegalStateException("Sub-handlers are only for change handlers, not for " + spec.kind()
                    + " handlers or filters.");
        }
        return subhandlers;
    }

    /** The {@link Resource} injectable over a resource kind. */
    private static final class RealResource implements Resource {
        private final ResourceKind kind;

        RealResource(ResourceKind kind) {
            this.kind = kind;
        }

        @Override
        public String group() {
            return kind.group();
        }

        @Override
        public String version() {
            return kind.version();
        }

        @Override
        public String plural() {
            return kind.plural();
        }

        @Override
        public String singular() {
            return kind.singular();
        }

        @Override
        public String kind() {
            return kind.kind();
        }

        @Override
        public boolean namespaced() {
            return kind.namespaced();
        }

        @Override
        public List<String> shortNames() {
            return List.copyOf(new java.util.TreeSet<>(kind.shortNames()));
        }

        @Override
        public List<String> categories() {
            return List.copyOf(new java.util.TreeSet<>(kind.categories()));
        }

        @Override
        public String apiVersion() {
            return kind.apiVersion();
        }

        @Override
        public String toString() {
            return kind.key();
        }
    }
}
