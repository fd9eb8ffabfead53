package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The object store: one global, strictly increasing revision (etcd's), a bounded history of changes for watch
 * resumption, and the fan-out of changes to open watches. Stored objects are never mutated after they are stored:
 * writers put new trees, readers copy before changing. Not API.
 */
public final class Store {

    /** One change, as a watch sees it. {@code previous} is the state before (null on ADDED). */
    public record Change(long revision, String type, String storageKey, String namespace, ObjectNode object,
                         ObjectNode previous, Map<String, byte[]> encoded) {
        Change(long revision, String type, String storageKey, String namespace, ObjectNode object,
               ObjectNode previous) {
            this(revision, type, storageKey, namespace, object, previous, new ConcurrentHashMap<>());
        }
    }

    /** A consistent read: items and the revision they were read at. */
    public record Snapshot(List<ObjectNode> items, long revision) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, TreeMap<String, ObjectNode>> data = new HashMap<>();
    private final Map<String, String> uids = new HashMap<>();
    private final ArrayDeque<Change> history = new ArrayDeque<>();
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private final int historyLimit;
    private long revision;
    private long compactedThrough;

    public Store(int historyLimit) {
        this.historyLimit = historyLimit;
        this.revision = 1;
    }

    /** Runs a read-modify-write under the store's single write lock. */
    public <T> T atomically(Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    public long revision() {
        lock.lock();
        try {
            return revision;
        } finally {
            lock.unlock();
        }
    }

    private static String key(String namespace, String name) {
        return (namespace == null ? "" : namespace) + "/" + name;
    }

    public ObjectNode get(String storageKey, String namespace, String name) {
        lock.lock();
        try {
            TreeMap<String, ObjectNode> m = data.get(storageKey);
            return m == null ? null : m.get(key(namespace, name));
        } finally {
            lock.unlock();
        }
    }

    /** Objects of one storage in one namespace (null: all namespaces), in key order, with the current revision. */
    public Snapshot list(String storageKey, String namespace) {
        lock.lock();
        try {
            TreeMap<String, ObjectNode> m = data.get(storageKey);
            List<ObjectNode> items = new ArrayList<>();
            if (m != null) {
                if (namespace == null) {
                    items.addAll(m.values());
                } else {
                    items.addAll(m.subMap(namespace + "/", namespace + "0").values());
                }
            }
            return new Snapshot(items, revision);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Objects of one storage in one namespace (null: all namespaces) as they were at {@code revision}, in key order:
     * the current ones with the later changes undone from the history, as etcd serves a read at a past revision. The
     * pages of one paginated list are read at the first page's revision this way, so they form one consistent list.
     *
     * @return the snapshot, or null when the history no longer reaches back to {@code revision} (compacted)
     */
    public Snapshot listAt(String storageKey, String namespace, long revision) {
        lock.lock();
        try {
            if (revision < compactedThrough) {
                return null;
            }
            TreeMap<String, ObjectNode> m = data.get(storageKey);
            TreeMap<String, ObjectNode> past = new TreeMap<>();
            if (m != null) {
                past.putAll(namespace == null ? m : m.subMap(namespace + "/", namespace + "0"));
            }
            for (Iterator<Change> it = history.descendingIterator(); it.hasNext(); ) {
                Change c = it.next();
                if (c.revision() <= revision) {
                    break;
                }
                if (!c.storageKey().equals(storageKey)
                        || (namespace != null && !namespace.equals(c.namespace()))) {
                    continue;
                }
                String key = key(c.namespace(), Json.text(c.object().get("metadata"), "name"));
                if (c.previous() == null) {
                    past.remove(key);
                } else {
                    past.put(key, c.previous());
                }
            }
            return new Snapshot(new ArrayList<>(past.values()), revision);
        } finally {
            lock.unlock();
        }
    }

    /** Every stored object of every storage (for the garbage collector and namespace cleanup). */
    public Map<String, List<ObjectNode>> everything() {
        lock.lock();
        try {
            Map<String, List<ObjectNode>> out = new HashMap<>();
            data.forEach((k, v) -> out.put(k, new ArrayList<>(v.values())));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The newest revision no longer in the watch history. */
    public long compactedThrough() {
        lock.lock();
        try {
            return compactedThrough;
        } finally {
            lock.unlock();
        }
    }

    public boolean uidExists(String uid) {
        lock.lock();
        try {
            return uids.containsKey(uid);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stores a new or changed object, giving it the next revision; must be called inside {@link #atomically}.
     * Returns the stored object (with its new resourceVersion).
     */
    public ObjectNode put(String storageKey, String namespace, String name, ObjectNode object) {
        requireLocked();
        long rv = ++revision;
        Json.meta(object).put("resourceVersion", Long.toString(rv));
        TreeMap<String, ObjectNode> m = data.computeIfAbsent(storageKey, k -> new TreeMap<>());
        ObjectNode previous = m.put(key(namespace, name), object);
        uids.put(Json.text(object.get("metadata"), "uid"), storageKey);
        record(new Change(rv, previous == null ? "ADDED" : "MODIFIED", storageKey, namespace, object, previous));
        return object;
    }

    /** Removes an object; its DELETED event carries the deletion revision. Must be called inside {@link #atomically}. */
    public ObjectNode remove(String storageKey, String namespace, String name) {
        requireLocked();
        TreeMap<String, ObjectNode> m = data.get(storageKey);
        ObjectNode previous = m == null ? null : m.remove(key(namespace, name));
        if (previous == null) {
            return null;
        }
        uids.remove(Json.text(previous.get("metadata"), "uid"));
        long rv = ++revision;
        ObjectNode last = previous.deepCopy();
        Json.meta(last).put("resourceVersion", Long.toString(rv));
        record(new Change(rv, "DELETED", storageKey, namespace, last, previous));
        return last;
    }

    private void requireLocked() {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("store writes must run inside atomically()");
        }
    }

    private void record(Change c) {
        history.addLast(c);
        while (history.size() > historyLimit) {
            compactedThrough = history.removeFirst().revision();
        }
        for (Watch w : watches) {
            w.offer(c);
        }
    }

    /** Forgets the whole history: watches resuming from any earlier revision get 410 Expired. */
    public void compact() {
        lock.lock();
        try {
            history.clear();
            compactedThrough = revision;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a watch. With {@code initialState}, every current object that passes the filter is first sent as ADDED
     * (a watch without a resourceVersion, or with "0"). Otherwise {@code fromRevision} &gt;= 0 replays the changes
     * after that revision from the history, and throws 410 Expired when that part of the history is gone.
     */
    public Watch watch(String storageKey, String namespace, Predicate<ObjectNode> filter, long fromRevision,
                       boolean initialState) {
        lock.lock();
        try {
            if (!initialState && fromRevision >= 0 && fromRevision < compactedThrough) {
                throw ApiError.expired("too old resource version: " + fromRevision + " (" + compactedThrough + ")");
            }
            Watch w = new Watch(storageKey, namespace, filter, this);
            if (initialState) {
                TreeMap<String, ObjectNode> m = data.get(storageKey);
                if (m != null) {
                    for (ObjectNode o : m.values()) {
                        if (namespace == null || namespace.equals(Json.text(o.get("metadata"), "namespace"))) {
                            w.offer(new Change(revision, "ADDED", storageKey, namespace == null
                                    ? Json.text(o.get("metadata"), "namespace") : namespace, o, null));
                        }
                    }
                }
            } else if (fromRevision >= 0) {
                for (Change c : history) {
                    if (c.revision() > fromRevision) {
                        w.offer(c);
                    }
                }
            }
            watches.add(w);
            return w;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The revision a BOOKMARK may carry for this watch: the current revision, but only while nothing is queued for
     * it (otherwise -1), so that a client resuming from the bookmark cannot skip a queued event.
     */
    public long bookmarkRevision(Watch w) {
        lock.lock();
        try {
            return w.backlog() == 0 ? revision : -1;
        } finally {
            lock.unlock();
        }
    }

    void unregister(Watch w) {
        watches.remove(w);
    }

    /** Ends every open watch stream; returns how many were open. */
    public int cutWatches() {
        List<Watch> open = new ArrayList<>(watches);
        for (Watch w : open) {
            w.close();
        }
        return open.size();
    }

    public int openWatches() {
        return watches.size();
    }

    /** The watches open now (a snapshot). */
    public List<Watch> openWatchList() {
        return List.copyOf(watches);
    }
}
