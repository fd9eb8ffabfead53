package io.kopf4j.internal.watching;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * One event about one object, as a {@link Reflector} delivers it: Kopf's {@code RawEvent}.
 *
 * @param type            {@code ADDED}, {@code MODIFIED} or {@code DELETED}; null for an object noticed by listing
 *                        (Kopf's {@code type: None})
 * @param object          the object's body; for DELETED its last state
 * @param resourceVersion the revision this event stands for: the object's {@code metadata.resourceVersion} (for a
 *                        watched DELETED the revision of the deletion); for a deletion noticed only by a relist, the
 *                        list's resourceVersion (the first revision known to lack the object). Null only when the
 *                        server sent none
 */
public record WatchEvent(String type, JsonNode object, String resourceVersion) {
    public static final String ADDED = "ADDED";
    public static final String MODIFIED = "MODIFIED";
    public static final String DELETED = "DELETED";

    public WatchEvent {
        Objects.requireNonNull(object, "object");
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
        return text(object.path("metadata").get("uid"));
    }

    /** The object's {@code metadata.namespace}, or null for cluster-scoped objects. */
    public String namespace() {
        return text(object.path("metadata").get("namespace"));
    }

    /** The object's {@code metadata.name}, or null. */
    public String name() {
        return text(object.path("metadata").get("name"));
    }

    /**
     * The object's identity, unique in time and space: its uid, or Kopf's fallback for the few kinds without uids
     * (see {@link Reflector#latest}).
     */
    public String identity() {
        return identity(object);
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

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isValueNode() || n.isNull() || n.asText().isEmpty() ? null : n.asText();
    }

    @Override
    public String toString() {
        return "WatchEvent[" + (type == null ? "listing" : type) + " " + (namespace() == null ? "" : namespace() + "/")
                + name() + " rv=" + resourceVersion + "]";
    }
}
