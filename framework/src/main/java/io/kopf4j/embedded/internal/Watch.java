package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One open watch: the changes of one storage (optionally one namespace) that pass its selector, queued for the
 * thread that streams them. A watch whose reader falls too far behind is closed, as the real server closes slow
 * watchers. Not API.
 */
public final class Watch implements AutoCloseable {
    /** A watch event ready to send: type and the object (already in storage form). */
    public record Event(String type, ObjectNode object, long revision, Map<String, byte[]> encoded) {
        /**
         * The event's wire line for one API version, encoded once per change and shared by every watch stream that
         * sends it in that form (the fan-out cost is then one write per watcher, not one serialisation).
         */
        public byte[] line(String form, Supplier<byte[]> encode) {
            return encoded == null ? encode.get() : encoded.computeIfAbsent(type + "|" + form, k -> encode.get());
        }
    }

    private static final Event CLOSED = new Event("CLOSED", null, -1, null);
    private static final int MAX_BACKLOG = 100_000;

    private final String storageKey;
    private final String namespace;
    private final Predicate<ObjectNode> filter;
    private final Store store;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Watch(String storageKey, String namespace, Predicate<ObjectNode> filter, Store store) {
        this.storageKey = storageKey;
        this.namespace = namespace;
        this.filter = filter;
        this.store = store;
    }

    /** Called by the store under its lock: translates a change into what this watch should see, if anything. */
    void offer(Store.Change c) {
        if (closed || !c.storageKey().equals(storageKey)) {
            return;
        }
        if (namespace != null && !namespace.equals(c.namespace())) {
            return;
        }
        boolean now = !c.type().equals("DELETED") && filter.test(c.object());
        boolean before = c.previous() != null && filter.test(c.previous());
        String type;
        if (c.type().equals("DELETED")) {
            type = before ? "DELETED" : null;
        } else if (now && before) {
            type = "MODIFIED";
        } else if (now) {
            type = "ADDED";
        } else if (before) {
            type = "DELETED";
        } else {
            type = null;
        }
        if (type == null) {
            return;
        }
        if (queue.size() >= MAX_BACKLOG) {
            close();
            return;
        }
        ObjectNode object = c.object();
        if (!c.type().equals("DELETED") && type.equals("DELETED")) {
            // The object stopped matching: the cacher sends the last state that matched, at this change's revision.
            object = c.previous().deepCopy();
            Json.meta(object).put("resourceVersion", Long.toString(c.revision()));
        }
        queue.add(new Event(type, object, c.revision(), c.encoded()));
    }

    /** The next event, or null on timeout; {@link #isClosed()} tells whether the watch has ended. */
    public Event poll(long millis) throws InterruptedException {
        if (closed && queue.isEmpty()) {
            return null;
        }
        Event e = queue.poll(millis, TimeUnit.MILLISECONDS);
        if (e == CLOSED) {
            return null;
        }
        return e;
    }

    /** The storage this watch follows: {@code group/plural}, {@code core/plural} for the core group. */
    public String storageKey() {
        return storageKey;
    }

    /** The namespace this watch is limited to, or null for a cluster-wide watch. */
    public String namespace() {
        return namespace;
    }

    int backlog() {
        return queue.size();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            store.unregister(this);
            queue.clear();
            queue.add(CLOSED);
        }
    }
}
