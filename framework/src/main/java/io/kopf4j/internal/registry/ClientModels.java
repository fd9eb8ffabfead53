package io.kopf4j.internal.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.module.SimpleSerializers;
import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Date;

/**
 * client-java's models ({@code V1Pod}, {@code IntOrString}, {@code Quantity}, ...) to and from JSON with client-java's
 * own Gson setup and type adapters, wherever kopf4j takes or gives them: injected parameters, {@code Events} about a
 * model, a model put into a {@code Patch} or returned as a handler's result (also nested in maps and lists, through
 * {@link #jacksonModule()}). Jackson alone cannot: the models keep timestamps as {@code OffsetDateTime} and quantities
 * in their own classes, and their field names are Gson's.
 *
 * <p>Reading does without the generated models' strict validation, which rejects any field the model does not know
 * (a newer server's, or a CRD's extra fields): those are ignored.
 */
final class ClientModels {
    private static final Gson GSON = JSON.createGson()
            .registerTypeAdapter(Date.class, new JSON.DateTypeAdapter())
            .registerTypeAdapter(java.sql.Date.class, new JSON.SqlDateTypeAdapter())
            .registerTypeAdapter(OffsetDateTime.class, new JSON.OffsetDateTimeTypeAdapter())
            .registerTypeAdapter(LocalDate.class, new JSON.LocalDateTypeAdapter())
            .registerTypeAdapter(byte[].class, new JSON.ByteArrayAdapter())
            .create();
    /** Parses Gson's output; plain, so that it does not recurse into this module. */
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final String PACKAGE = "io.kubernetes.client.";

    private ClientModels() {
    }

    /** Whether the class is one of client-java's generated models or custom value types. */
    static boolean isModel(Class<?> type) {
        return !type.isEnum() && (type.getPackageName().equals(ParameterBinder.MODELS_PACKAGE)
                || type.getPackageName().equals(PACKAGE + "custom"));
    }

    /** A model read from a JSON tree. */
    static <T> T fromTree(JsonNode node, Class<T> type) {
        return GSON.fromJson(node.toString(), type);
    }

    /** A model as a JSON tree. */
    static JsonNode toTree(Object model) {
        try {
            return PLAIN.readTree(GSON.toJson(model));
        } catch (IOException e) {
            throw new IllegalArgumentException("client-java could not write a " + model.getClass().getSimpleName()
                    + " as JSON: " + e.getMessage(), e);
        }
    }

    /** A Jackson module that writes client-java's models as client-java does. */
    static SimpleModule jacksonModule() {
        SimpleModule module = new SimpleModule("kopf4j-client-java-models");
        module.setSerializers(new SimpleSerializers() {
            @Override
            public JsonSerializer<?> findSerializer(SerializationConfig config, JavaType type,
                                                    BeanDescription description) {
                return isModel(type.getRawClass()) ? ModelSerializer.INSTANCE : null;
            }
        });
        return module;
    }

    private static final class ModelSerializer extends JsonSerializer<Object> {
        static final ModelSerializer INSTANCE = new ModelSerializer();

        @Override
        public void serialize(Object value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeTree(toTree(value));
        }
    }
}
