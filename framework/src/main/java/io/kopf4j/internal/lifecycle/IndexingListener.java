package io.kopf4j.internal.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.internal.handling.ObjectContext;
import io.kopf4j.internal.handling.ObjectLogger;
import io.kopf4j.internal.handling.RealHandlerContext;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.indexing.RealIndex;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.HandlerSpec;
import io.kopf4j.internal.registry.RealPatch;
import io.kopf4j.internal.util.HandlerMetrics;
import io.kopf4j.internal.watching.WatchEvent;
import io.kopf4j.internal.watching.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps the indices of one resource kind current, right on the reflector's thread (no per-object worker, so no
 * start-up deadlock with a worker limit): on every event, each index handler of the kind is called and its result
 * replaces the object's entries; a deletion, a failure or filters that stop matching remove them. Runs before the
 * event is queued for the resource handlers, so they see indices at least as fresh as their object. Errors are
 * logged, never retried, as Kopf does. Kopf: {@code kopf/_core/engines/indexing.py::index_resource}. Not API.
 */
final class IndexingListener implements WatchListener {
    private static final Logger OBJECTS = LoggerFactory.getLogger("kopf4j.objects");

    private final List<HandlerSpec> handlers;
    private final Indices indices;
    private final Function<String, Memo> memos;
    private final java.util.function.Consumer<String> forget;
    private final Events events;
    private final Clock clock;
    private final HandlerMetrics metrics;

    /**
     * @param handlers the index handlers for the kind
     * @param memos    the object's memo by its queue key
     * @param forget   drops the object's memo after its deletion (when no processor does)
     */
    IndexingListener(List<HandlerSpec> handlers, Indices indices, Function<String, Memo> memos,
                     java.util.function.Consumer<String> forget, Events events, Clock clock,
                     HandlerMetrics metrics) {
        this.metrics = metrics;
        this.forget = forget;
        this.handlers = List.copyOf(handlers);
        this.indices = indices;
        this.memos = memos;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void onEvent(ResourceKind kind, WatchEvent event) {
        JsonNode body = event.object();
        String key = identity(body);
        if (event.isDeletion()) {
            for (HandlerSpec h : handlers) {
                indices.index(h.id().toString()).discard(key);
            }
            forget.accept(io.kopf4j.internal.watching.ObjectQueues.keyOf(kind, body));
            return;
        }
        Logger logger = new ObjectLogger(OBJECTS, body, kind, null, ObjectLogger.Posting.off());
        ObjectContext object = new ObjectContext(kind, body, new RealPatch(), logger,
                memos.apply(io.kopf4j.internal.watching.ObjectQueues.keyOf(kind, body)), events, indices);
        for (HandlerSpec h : handlers) {
            RealIndex index = indices.index(h.id().toString());
            RealHandlerContext context = RealHandlerContext.forEvent(object, event.type(), h, clock.instant());
            try {
                if (!h.passes(context)) {
                    index.discard(key);
                    continue;
                }
                metrics.ran(h.id().toString());
                Object result = h.invoker().invoke(context);
                if (result != null) {
                    index.replace(key, result);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                index.discard(key);
                metrics.failed(h.id().toString());
                logger.error("Indexing handler '" + h.id() + "' failed with an exception; the object is left out of "
                        + "the index until its next event: " + e, e);
            }
        }
    }

    /** The object's identity in the indices: namespace, name and uid. */
    private static String identity(JsonNode body) {
        JsonNode meta = body.path("metadata");
        return meta.path("namespace").asText("") + "/" + meta.path("name").asText("") + "/"
                + meta.path("uid").asText("");
    }
}
