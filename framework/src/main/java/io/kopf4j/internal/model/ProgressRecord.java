package io.kopf4j.internal.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * One handler's progress as stored on the object: Kopf's wire record, every key optional. In an annotation it is
 * compact JSON ({@link #toJson()}) such as
 * {@code {"started":"2020-12-31T23:59:59.123456+00:00","retries":1,"success":true}}; in {@code status.kopf.progress}
 * it is a nested map ({@link #toTree()}). Absent keys are {@code null} and are not written.
 *
 * <p>Kopf: {@code kopf/_cogs/configs/progress.py} ({@code ProgressRecord}).
 *
 * @param started when the handler was first called
 * @param stopped when it finally succeeded or failed
 * @param delayed when it should be retried
 * @param purpose the reason (create, update, delete, resume) it was started for
 * @param retries how many times it was called so far
 * @param success whether it finally succeeded
 * @param failure whether it finally failed
 * @param message the last error's message
 * @param subrefs the ids of its sub-handlers, all levels deep, sorted
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"started", "stopped", "delayed", "purpose", "retries", "success", "failure", "message",
        "subrefs"})
public record ProgressRecord(
        @JsonSerialize(using = TimestampWriter.class) @JsonDeserialize(using = TimestampReader.class) Instant started,
        @JsonSerialize(using = TimestampWriter.class) @JsonDeserialize(using = TimestampReader.class) Instant stopped,
        @JsonSerialize(using = TimestampWriter.class) @JsonDeserialize(using = TimestampReader.class) Instant delayed,
        String purpose,
        Integer retries,
        Boolean success,
        Boolean failure,
        String message,
        List<String> subrefs) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public ProgressRecord {
        subrefs = subrefs == null ? null : List.copyOf(subrefs);
    }

    /** The record as Kopf writes it into an annotation: compact JSON, no nulls, Kopf's key order. */
    public String toJson() {
        return CompactJson.write(toTree());
    }

    /** The record as a JSON tree (for {@code status.kopf.progress.<id>}), without nulls. */
    public JsonNode toTree() {
        return MAPPER.valueToTree(this);
    }

    /**
     * Reads an annotation's value; {@code null} for a null text or the JSON {@code null} (Kopf treats both as no
     * record). Unknown keys are ignored.
     *
     * @throws IllegalArgumentException when the text is not a JSON object of this shape; the message says what is
     *     wrong and where, but never quotes the text (whoever wrote it may have put anything there)
     */
    public static ProgressRecord fromJson(String json) {
        if (json == null) {
            return null;
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON (at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        return fromTree(tree);
    }

    /**
     * Reads a record from a tree; {@code null} for a null or missing node.
     *
     * @throws IllegalArgumentException when the node is not a JSON object of this shape, naming the key at fault
     */
    public static ProgressRecord fromTree(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object but " + node.getNodeType().name().toLowerCase());
        }
        try {
            return MAPPER.treeToValue(node, ProgressRecord.class);
        } catch (JsonMappingException e) {
            String key = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
            throw new IllegalArgumentException(key == null ? "not a progress record"
                    : "not a progress record: the key '" + key + "' has a value of the wrong type or format", e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a progress record", e);
        }
    }

    /** Writes an {@link Instant} as Kopf does (see {@link Timestamps}). */
    static final class TimestampWriter extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Timestamps.format(value));
        }
    }

    /** Reads any timestamp form Kopf reads (see {@link Timestamps}). */
    static final class TimestampReader extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            if (text == null) {
                return null;
            }
            try {
                return Timestamps.parse(text);
            } catch (IllegalArgumentException e) {
                throw context.weirdStringException(text, Instant.class, e.getMessage());
            }
        }
    }
}
