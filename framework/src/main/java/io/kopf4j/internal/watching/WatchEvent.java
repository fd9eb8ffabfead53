package io.kopf4j.internal.watching;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Objects;

/**
 * One event about one object, as a {@link Reflector} delivers it: Kopf's {@code RawEvent}.
 *
 * <p>Its body is a tree, or compact JSON bytes that become a tree at the first {@link #object()} call: an event that
 * waits in a queue ({@link #compacted()}) or that is given again from the reflector's store takes a fifth of the
 * memory of a tree, which matters when thousands wait at once (a listing, a replay). Immutable but for that one
 * inflation; the tree, once made, is the same at every call.
 */
public final class WatchEvent {
    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String type;
    private final String resourceVersion;
    /** The body as compact JSON, or null when only the tree exists. */
    private final byte[] json;
    /** The body as a tree; null until inflated from {@link #json}. */
    private volatile JsonNode object;

    /**
     * @param type            {@code ADDED}, {@code MODIFIED} or {@code DELETED}; null for an object noticed by listing
     *                        (Kopf's {@code type: None})
     * @param object          the object's body; for DELETED its last state
     * @param resourceVersion the revision this event stands for: the object's {@code metadata.resourceVersion} (for a
     *                        watched DELETED the revision of the deletion); for a deletion noticed only by a relist,
     *                        the list's resourceVersion (the first revision known to lack the object). Null only when
     *                        the server sent none
     */
    public WatchEvent(String type, JsonNode object, String resourceVersion) {
        this(type, Objects.requireNonNull(object, "object"), null, resourceVersion);
    }

    /** With the tree, the JSON, or both (the same body); at least one. */
    WatchEvent(String type, JsonNode object, byte[] json, String resourceVersion) {
        if (object == null && json == null) {
            throw new NullPointerException("object");
        }
        this.type = type;
        this.object = object;
        this.json = json;
        this.resourceVersion = resourceVersion;
    }

    /** The body as compact JSON. */
    static byte[] write(JsonNode object) {
        try {
            return JSON.writeValueAsBytes(object);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a watched body could not be written as JSON", e);
        }
    }

    /** {@code ADDED}, {@code MODIFIED}, {@code DELETED}, or null for an object noticed by listing. */
    public String type() {
        return type;
    }

    /** The object's body (for DELETED its last state); made from the compact JSON at the first call. */
    public JsonNode object() {
        JsonNode o = object;
        if (o == null) {
            synchronized (this) {
                o = object;
                if (o == null) {
                    try {
                        o = JSON.readTree(json);
                    } catch (IOException e) {
                        throw new IllegalStateException("a stored body could not be read back", e);
                    }
                    object = o;
                }
            }
        }
        return o;
    }

    /** The revision this event stands for (see the constructor); null only when the server sent none. */
    public String resourceVersion() {
        return resourceVersion;
    }

    /**
     * This event with its body as compact JSON only, for waiting in a queue: this event itself if it has no tree
     * yet, else a new one (from the JSON it carries, or written now).
     */
    public WatchEvent compacted() {
        if (object == null) {
            return this;
        }
        return new WatchEvent(type, null, json != null ? json : write(object), resourceVersion);
    }

    /** An event whose resourceVersion is the object's own. */
    public static WatchEvent of(String type, JsonNode object) {
        return new WatchEvent(type, object, versionOf(object));
    }

    /** An object noticed by listing (type null). */
    public static WatchEvent listing(JsonNode object) {
        return of(null, object);
    }

    /** Whether the object was noticed by listing rather than by a watch event. */
    public boolean isListing() {
        return type == null;
    }

    /** Whether the object is gone from the cluster. */
    public boolean isDeletion() {
        return DELETED.equals(type);
    }

    /** The object's {@code metadata.uid}, or null. */
    public String uid() {
        return text(object().path("metadata").get("uid"));
    }

    /** The object's {@code metadata.namespace}, or null for cluster-scoped objects. */
    public String namespace() {
        return text(object().path("metadata").get("namespace"));
    }

    /** The object's {@code metadata.name}, or null. */
    public String name() {
        return text(object().path("metadata").get("name"));
    }

    /**
     * The object's identity, unique in time and space: its uid, or Kopf's fallback for the few kinds without uids
     * (see {@link Reflector#latest}).
     */
    public String identity() {
        return identity(object());
    }

    /** The {@code metadata.resourceVersion} of a body, or null. */
    static String versionOf(JsonNode object) {
        return text(object.path("metadata").get("resourceVersion"));
    }

    /**
     * An identifier of an object unique in time and space, for keying per-object state in this process: its uid, or
     * (for the rare kinds without uids, e.g. {@code ComponentStatus}) Kopf's fallback of kind, apiVersion, name,
     * namespace and creation time. Kopf: {@code queueing.get_uid}.
     */
    static String identity(JsonNode object) {
        String uid = text(object.path("metadata").get("uid"));
        if (uid != null) {
            return uid;
        }
        JsonNode meta = object.path("metadata");
        return orDash(text(object.get("kind"))) + "//" + orDash(text(object.get("apiVersion"))) + "//"
                + orDash(text(meta.get("name"))) + "//" + orDash(text(meta.get("namespace"))) + "//"
                + orDash(text(meta.get("creationTimestamp")));
    }

    /**
     * A resourceVersion as a number, or null when it is not one. Versions are opaque to Kubernetes, but in practice
     * they are etcd revisions, and where both are numbers they are compared as such.
     */
    static Long numericVersion(String version) {
        if (version.isEmpty() || version.length() > 18) {
            return null;
        }
        for (int i = 0; i < version.length(); i++) {
            if (!Character.isDigit(version.charAt(i))) {
                return null;
            }
        }
        return Long.parseLong(version);
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WatchEvent e && Objects.equals(type, e.type)
                && Objects.equals(resourceVersion, e.resourceVersion) && object().equals(e.object());
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, resourceVersion);
    }

    @Override
    public String toString() {
        return "WatchEvent[" + (type == null ? "listing" : type) + " " + (namespace() == null ? "" : namespace() + "/")
                + name() + " rv=" + resourceVersion + "]";
    }
}
