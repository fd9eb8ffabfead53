package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the Kubernetes protobuf encoding of request bodies for the few built-in kinds that kubectl's generator
 * commands post as protobuf ({@code kubectl create configmap|secret|namespace|serviceaccount}). The envelope is the
 * {@code k8s\0} magic and a {@code runtime.Unknown}; the object message is decoded by a small schema of field numbers
 * (from the types' {@code generated.proto}) into the JSON the rest of the server handles. Not API.
 */
final class Protobuf {
    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    private enum Kind { STRING, BOOL, INT, BYTES, MESSAGE, MAP_STRING, MAP_BYTES, TIME }

    private record Field(String name, Kind kind, boolean repeated, Map<Integer, Field> message) {
    }

    private static Field f(String name, Kind kind) {
        return new Field(name, kind, false, null);
    }

    private static Field rep(String name, Kind kind) {
        return new Field(name, kind, true, null);
    }

    private static Field msg(String name, Map<Integer, Field> schema, boolean repeated) {
        return new Field(name, Kind.MESSAGE, repeated, schema);
    }

    private static final Map<Integer, Field> OWNER_REFERENCE = Map.of(
            1, f("kind", Kind.STRING), 3, f("name", Kind.STRING), 4, f("uid", Kind.STRING),
            5, f("apiVersion", Kind.STRING), 6, f("controller", Kind.BOOL), 7, f("blockOwnerDeletion", Kind.BOOL));
    private static final Map<Integer, Field> OBJECT_META = Map.ofEntries(
            Map.entry(1, f("name", Kind.STRING)), Map.entry(2, f("generateName", Kind.STRING)),
            Map.entry(3, f("namespace", Kind.STRING)), Map.entry(5, f("uid", Kind.STRING)),
            Map.entry(6, f("resourceVersion", Kind.STRING)), Map.entry(7, f("generation", Kind.INT)),
            Map.entry(8, f("creationTimestamp", Kind.TIME)), Map.entry(9, f("deletionTimestamp", Kind.TIME)),
            Map.entry(10, f("deletionGracePeriodSeconds", Kind.INT)), Map.entry(11, f("labels", Kind.MAP_STRING)),
            Map.entry(12, f("annotations", Kind.MAP_STRING)),
            Map.entry(13, msg("ownerReferences", OWNER_REFERENCE, true)),
            Map.entry(14, rep("finalizers", Kind.STRING)));
    private static final Map<Integer, Field> OBJECT_REFERENCE = Map.of(
            1, f("kind", Kind.STRING), 2, f("namespace", Kind.STRING), 3, f("name", Kind.STRING),
            4, f("uid", Kind.STRING), 5, f("apiVersion", Kind.STRING), 6, f("resourceVersion", Kind.STRING),
            7, f("fieldPath", Kind.STRING));
    private static final Map<Integer, Field> LOCAL_REFERENCE = Map.of(1, f("name", Kind.STRING));

    private static final Map<String, Map<Integer, Field>> KINDS = Map.of(
            "ConfigMap", Map.of(1, msg("metadata", OBJECT_META, false), 2, f("data", Kind.MAP_STRING),
                    3, f("binaryData", Kind.MAP_BYTES), 4, f("immutable", Kind.BOOL)),
            "Secret", Map.of(1, msg("metadata", OBJECT_META, false), 2, f("data", Kind.MAP_BYTES),
                    3, f("type", Kind.STRING), 4, f("stringData", Kind.MAP_STRING), 5, f("immutable", Kind.BOOL)),
            "Namespace", Map.of(1, msg("metadata", OBJECT_META, false),
                    2, msg("spec", Map.of(1, rep("finalizers", Kind.STRING)), false)),
            "ServiceAccount", Map.of(1, msg("metadata", OBJECT_META, false),
                    2, msg("secrets", OBJECT_REFERENCE, true), 3, msg("imagePullSecrets", LOCAL_REFERENCE, true),
                    4, f("automountServiceAccountToken", Kind.BOOL)));

    private Protobuf() {
    }

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(CONTENT_TYPE);
    }

    /** Decodes a protobuf body for the given type, or throws 415 for a kind it has no schema for. */
    static ObjectNode decode(byte[] body, ResourceType t) {
        Map<Integer, Field> schema = KINDS.get(t.kind());
        if (schema == null || !t.group().isEmpty()) {
            throw unsupported();
        }
        if (body.length < MAGIC.length || body[0] != 'k' || body[1] != '8' || body[2] != 's' || body[3] != 0) {
            throw ApiError.badRequest("the protobuf body does not start with the k8s\\0 envelope prefix");
        }
        try {
            Reader envelope = new Reader(body, MAGIC.length, body.length);
            ObjectNode typeMeta = Json.object();
            byte[] raw = null;
            while (envelope.more()) {
                int tag = (int) envelope.varint();
                int number = tag >>> 3;
                if (number == 1 && (tag & 7) == 2) {
                    Reader tm = envelope.sub();
                    while (tm.more()) {
                        int t2 = (int) tm.varint();
                        if ((t2 >>> 3) == 1) {
                            typeMeta.put("apiVersion", tm.string());
                        } else if ((t2 >>> 3) == 2) {
                            typeMeta.put("kind", tm.string());
                        } else {
                            tm.skip(t2 & 7);
                        }
                    }
                } else if (number == 2 && (tag & 7) == 2) {
                    raw = envelope.bytes();
                } else {
                    envelope.skip(tag & 7);
                }
            }
            if (raw == null) {
                throw ApiError.badRequest("the protobuf envelope carries no object");
            }
            ObjectNode obj = Json.object();
            obj.put("apiVersion", typeMeta.path("apiVersion").asText(t.apiVersion()));
            obj.put("kind", typeMeta.path("kind").asText(t.kind()));
            obj.setAll(message(new Reader(raw, 0, raw.length), schema));
            return obj;
        } catch (ArrayIndexOutOfBoundsException | IllegalStateException e) {
            throw ApiError.badRequest("the protobuf body of the " + t.kind() + " is malformed: " + e.getMessage());
        }
    }

    static ApiError unsupported() {
        return ApiError.status(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
                + "accepted media types include: application/json, application/vnd.kubernetes.protobuf", null);
    }

    private static ObjectNode message(Reader r, Map<Integer, Field> schema) {
        ObjectNode out = Json.object();
        Map<String, ArrayNode> lists = new HashMap<>();
        while (r.more()) {
            int tag = (int) r.varint();
            Field field = schema.get(tag >>> 3);
            if (field == null) {
                r.skip(tag & 7);
                continue;
            }
            switch (field.kind()) {
                case STRING:
                    if (field.repeated()) {
                        lists.computeIfAbsent(field.name(), k -> out.putArray(k)).add(r.string());
                    } else {
                        String v = r.string();
                        if (!v.isEmpty()) {
                            out.put(field.name(), v);
                        }
                    }
                    break;
                case BOOL:
                    out.put(field.name(), r.varint() != 0);
                    break;
                case INT: {
                    long v = r.varint();
                    if (v != 0) {
                        out.put(field.name(), v);
                    }
                    break;
                }
                case BYTES:
                    out.put(field.name(), Base64.getEncoder().encodeToString(r.bytes()));
                    break;
                case TIME: {
                    Reader tr = r.sub();
                    long seconds = 0;
                    while (tr.more()) {
                        int t2 = (int) tr.varint();
                        if ((t2 >>> 3) == 1) {
                            seconds = tr.varint();
                        } else {
                            tr.skip(t2 & 7);
                        }
                    }
                    out.put(field.name(), Json.time(Instant.ofEpochSecond(seconds)));
                    break;
                }
                case MAP_STRING:
                case MAP_BYTES: {
                    Reader er = r.sub();
                    String key = "";
                    String value = "";
                    while (er.more()) {
                        int t2 = (int) er.varint();
                        if ((t2 >>> 3) == 1) {
                            key = er.string();
                        } else if ((t2 >>> 3) == 2) {
                            value = field.kind() == Kind.MAP_STRING ? er.string()
                                    : Base64.getEncoder().encodeToString(er.bytes());
                        } else {
                            er.skip(t2 & 7);
                        }
                    }
                    out.with(field.name()).put(key, value);
                    break;
                }
                case MESSAGE: {
                    ObjectNode nested = message(r.sub(), field.message());
                    if (field.repeated()) {
                        lists.computeIfAbsent(field.name(), k -> out.putArray(k)).add(nested);
                    } else {
                        out.set(field.name(), nested);
                    }
                    break;
                }
                default:
                    throw new IllegalStateException("unknown field kind " + field.kind());
            }
        }
        return out;
    }

    /** A cursor over protobuf wire bytes. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;
        private final int end;

        Reader(byte[] buf, int pos, int end) {
            this.buf = buf;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalStateException("varint too long");
        }

        byte[] bytes() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalStateException("length " + len + " runs past the end");
            }
            byte[] out = new byte[len];
            System.arraycopy(buf, pos, out, 0, len);
            pos += len;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        Reader sub() {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalStateException("length " + len + " runs past the end");
            }
            Reader r = new Reader(buf, pos, pos + len);
            pos += len;
            return r;
        }

        void skip(int wireType) {
            switch (wireType) {
                case 0: varint(); break;
                case 1: pos += 8; break;
                case 2: bytes(); break;
                case 5: pos += 4; break;
                default: throw new IllegalStateException("unsupported wire type " + wireType);
            }
        }
    }
}
