package io.kopf4j.internal.registry;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Annotations;
import io.kopf4j.Body;
import io.kopf4j.Labels;
import io.kopf4j.Meta;
import io.kopf4j.New;
import io.kopf4j.Old;
import io.kopf4j.Spec;
import io.kopf4j.Status;
import io.kopf4j.View;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The read-only views injected into handlers ({@link Body}, {@link Spec}, {@link Status}, {@link Meta},
 * {@link Labels}, {@link Annotations}, {@link Old}, {@link New}) over Jackson trees. The tree given is not copied:
 * callers pass a tree nobody changes afterwards; {@link View#json()} hands out copies. Not API.
 */
public final class Views {
    /** Lenient binding for {@code as(Class)}: unknown properties are ignored. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(ClientModels.jacksonModule());
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private Views() {
    }

    public static Body body(JsonNode node) {
        return new RealBody(orMissing(node));
    }

    public static Old old(JsonNode node) {
        return new RealOld(orMissing(node));
    }

    public static New newValue(JsonNode node) {
        return new RealNew(orMissing(node));
    }

    private static JsonNode orMissing(JsonNode node) {
        return node == null ? MissingNode.getInstance() : node;
    }

    /**
     * The tree behind a view without copying it (views of this class), or its {@link View#json()} (views from
     * elsewhere); a missing node for null. For filters and binders, which only read.
     */
    public static JsonNode node(View view) {
        if (view == null) {
            return MissingNode.getInstance();
        }
        if (view instanceof RealView) {
            return ((RealView) view).node;
        }
        JsonNode json = view.json();
        return json == null ? MissingNode.getInstance() : json;
    }

    /** Plain Java value of a node: Map, List, String, Number, Boolean, or null. */
    public static Object plain(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return MAPPER.convertValue(node, Object.class);
    }

    /** The node at a dotted path, or a missing node. */
    public static JsonNode at(JsonNode node, String dottedPath) {
        JsonNode n = node;
        for (String part : dottedPath.split("\\.")) {
            if (n == null || !n.isObject()) {
                return MissingNode.getInstance();
            }
            n = n.get(part);
        }
        return n == null ? MissingNode.getInstance() : n;
    }

    /** The shared behaviour of every view. */
    abstract static class RealView implements View {
        final JsonNode node;

        RealView(JsonNode node) {
            this.node = node;
        }

        @Override
        public JsonNode json() {
            return node.isMissingNode() ? NullNode.getInstance() : node.deepCopy();
        }

        @Override
        public Object get(String key) {
            return plain(node.get(key));
        }

        @Override
        public Object at(String dottedPath) {
            return plain(Views.at(node, dottedPath));
        }

        @Override
        public boolean has(String key) {
            return node.has(key);
        }

        @Override
        public boolean isEmpty() {
            return node.isMissingNode() || node.isNull() || (node.isObject() && node.isEmpty());
        }

        @Override
        public Map<String, Object> asMap() {
            if (!node.isObject()) {
                return Map.of();
            }
            return Collections.unmodifiableMap(MAPPER.convertValue(node, MAP));
        }

        @Override
        public <T> T as(Class<T> type) {
            return MAPPER.convertValue(node.isMissingNode() ? NullNode.getInstance() : node, type);
        }

        @Override
        public String toString() {
            return node.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o != null && o.getClass() == getClass() && ((RealView) o).node.equals(node);
        }

        @Override
        public int hashCode() {
            return node.hashCode();
        }
    }

    static final class RealBody extends RealView implements Body {
        RealBody(JsonNode node) {
            super(node);
        }

        @Override
        public String apiVersion() {
            return node.path("apiVersion").asText("");
        }

        @Override
        public String kind() {
            return node.path("kind").asText("");
        }

        @Override
        public Meta metadata() {
            return new RealMeta(node.path("metadata"));
        }

        @Override
        public Spec spec() {
            return new RealSpec(node.path("spec"));
        }

        @Override
        public Status status() {
            return new RealStatus(node.path("status"));
        }
    }

    static final class RealSpec extends RealView implements Spec {
        RealSpec(JsonNode node) {
            super(node);
        }
    }

    static final class RealStatus extends RealView implements Status {
        RealStatus(JsonNode node) {
            super(node);
        }
    }

    static final class RealOld extends RealView implements Old {
        RealOld(JsonNode node) {
            super(node);
        }
    }

    static final class RealNew extends RealView implements New {
        RealNew(JsonNode node) {
            super(node);
        }
    }

    static final class RealMeta extends RealView implements Meta {
        RealMeta(JsonNode node) {
            super(node);
        }

        @Override
        public String name() {
            return node.path("name").asText("");
        }

        @Override
        public String namespace() {
            return node.path("namespace").asText("");
        }

        @Override
        public String uid() {
            return node.path("uid").asText("");
        }

        @Override
        public String resourceVersion() {
            return node.path("resourceVersion").asText("");
        }

        @Override
        public long generation() {
            return node.path("generation").asLong(0);
        }

        @Override
        public Labels labels() {
            return new StringMap(node.path("labels"));
        }

        @Override
        public Annotations annotations() {
            return new StringMap(node.path("annotations"));
        }

        @Override
        public List<String> finalizers() {
            List<String> out = new ArrayList<>();
            node.path("finalizers").forEach(f -> out.add(f.asText()));
            return Collections.unmodifiableList(out);
        }

        @Override
        public Optional<Instant> creationTimestamp() {
            return time(node.path("creationTimestamp"));
        }

        @Override
        public Optional<Instant> deletionTimestamp() {
            return time(node.path("deletionTimestamp"));
        }

        private static Optional<Instant> time(JsonNode n) {
            if (!n.isTextual()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Instant.parse(n.asText()));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** Labels and annotations: an unmodifiable string map in the object's order. */
    static final class StringMap extends AbstractMap<String, String> implements Labels, Annotations {
        private final Map<String, String> values;

        StringMap(JsonNode node) {
            Map<String, String> m = new LinkedHashMap<>();
            if (node.isObject()) {
                node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
            }
            this.values = Collections.unmodifiableMap(m);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return values.entrySet();
        }

        @Override
        public String get(Object key) {
            return values.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return values.containsKey(key);
        }
    }

    /** An empty object node, for callers that need one. */
    public static ObjectNode emptyObject() {
        return MAPPER.createObjectNode();
    }
}
