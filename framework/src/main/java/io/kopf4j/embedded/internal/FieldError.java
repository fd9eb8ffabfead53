package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One field validation error, formatted as apimachinery's {@code field.Error} is.
 *
 * @param type     the cause reason: {@code FieldValueRequired}, {@code FieldValueInvalid}, {@code FieldValueForbidden},
 *                 {@code FieldValueNotSupported}, {@code FieldValueTooLong}, {@code FieldValueTypeInvalid}, ...
 * @param field    the field path, e.g. {@code involvedObject.namespace}
 * @param badValue the offending value (a String, Number, Boolean, JsonNode) or null when there is none to show
 * @param detail   the explanation, or {@code ""}
 * Not API.
 */
public record FieldError(String type, String field, Object badValue, String detail) {

    public static FieldError required(String field, String detail) {
        return new FieldError("FieldValueRequired", field, null, detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError("FieldValueInvalid", field, value, detail);
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError("FieldValueForbidden", field, null, detail);
    }

    public static FieldError tooLong(String field, int max) {
        return new FieldError("FieldValueTooLong", field, null, "may not be more than " + max + " bytes");
    }

    /** The cause message, apimachinery's ErrorBody: {@code Invalid value: "x": detail}, {@code Required value}, ... */
    public String body() {
        String head;
        boolean showValue;
        switch (type) {
            case "FieldValueRequired": head = "Required value"; showValue = false; break;
            case "FieldValueForbidden": head = "Forbidden"; showValue = false; break;
            case "FieldValueTooLong": head = "Too long"; showValue = false; break;
            case "FieldValueNotSupported": head = "Unsupported value"; showValue = true; break;
            case "FieldValueDuplicate": head = "Duplicate value"; showValue = true; break;
            case "FieldValueNotFound": head = "Not found"; showValue = true; break;
            case "FieldValueTypeInvalid": head = "Invalid value"; showValue = true; break;
            case "FieldValueTooMany": head = "Too many"; showValue = false; break;
            case "InternalError": head = "Internal error"; showValue = false; break;
            default: head = "Invalid value"; showValue = true; break;
        }
        StringBuilder sb = new StringBuilder(head);
        if (showValue) {
            sb.append(": ").append(render(badValue));
        }
        if (detail != null && !detail.isEmpty()) {
            sb.append(": ").append(detail);
        }
        return sb.toString();
    }

    /** {@code field: body}, as in an aggregated Invalid message. */
    public String message() {
        return field + ": " + body();
    }

    private static String render(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof JsonNode) {
            JsonNode n = (JsonNode) v;
            if (n.isTextual()) {
                return quote(n.textValue());
            }
            return n.toString();
        }
        if (v instanceof String) {
            return quote((String) v);
        }
        return String.valueOf(v);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                default: sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
