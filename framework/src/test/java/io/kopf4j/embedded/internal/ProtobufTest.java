package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProtobufTest {
    private static final ResourceType CONFIGMAPS = new Catalog().find("", "v1", "configmaps").orElseThrow();

    /** Minimal protobuf writer for building test bodies. */
    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        Writer bytes(int field, byte[] b) {
            varint((long) field << 3 | 2).varint(b.length);
            out.write(b, 0, b.length);
            return this;
        }

        Writer string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] done() {
            return out.toByteArray();
        }
    }

    private static byte[] envelope(byte[] raw) {
        byte[] typeMeta = new Writer().string(1, "v1").string(2, "ConfigMap").done();
        byte[] unknown = new Writer().bytes(1, typeMeta).bytes(2, raw).done();
        byte[] out = new byte[unknown.length + 4];
        out[0] = 'k';
        out[1] = '8';
        out[2] = 's';
        out[3] = 0;
        System.arraycopy(unknown, 0, out, 4, unknown.length);
        return out;
    }

    @Test
    void configMapWithLabelsAndDataDecodesToJson() {
        byte[] label = new Writer().string(1, "app").string(2, "web").done();
        byte[] meta = new Writer().string(1, "foo").string(2, "").bytes(11, label).string(14, "a/b").done();
        byte[] entry = new Writer().string(1, "k").string(2, "v").done();
        byte[] cm = new Writer().bytes(1, meta).bytes(2, entry).done();

        ObjectNode obj = Protobuf.decode(envelope(cm), CONFIGMAPS);

        assertEquals("v1", obj.path("apiVersion").asText());
        assertEquals("ConfigMap", obj.path("kind").asText());
        assertEquals("foo", obj.path("metadata").path("name").asText());
        assertFalse(obj.path("metadata").has("generateName"), "empty strings are omitted as Go's JSON omits them");
        assertEquals("web", obj.path("metadata").path("labels").path("app").asText());
        assertEquals("a/b", obj.path("metadata").path("finalizers").get(0).asText());
        assertEquals("v", obj.path("data").path("k").asText());
    }

    @Test
    void bodyWithoutTheEnvelopePrefixIsBadRequest() {
        ApiError e = assertThrows(ApiError.class, () -> Protobuf.decode(new byte[]{1, 2, 3, 4, 5}, CONFIGMAPS));
        assertEquals(400, e.code());
    }

    @Test
    void truncatedBodyIsBadRequestNamingTheKind() {
        byte[] body = envelope(new Writer().bytes(1, new byte[]{10, 50}).done());
        ApiError e = assertThrows(ApiError.class, () -> Protobuf.decode(body, CONFIGMAPS));
        assertEquals(400, e.code());
        assertEquals(true, e.getMessage().contains("ConfigMap"), e.getMessage());
    }

    @Test
    void kindsWithoutASchemaAreUnsupportedMediaType() {
        ResourceType pods = new Catalog().find("", "v1", "pods").orElseThrow();
        ApiError e = assertThrows(ApiError.class, () -> Protobuf.decode(envelope(new byte[0]), pods));
        assertEquals(415, e.code());
    }
}
