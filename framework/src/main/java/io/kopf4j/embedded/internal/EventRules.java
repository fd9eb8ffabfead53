package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Event rules of the real kube-apiserver: validation of core/v1 and events.k8s.io/v1 Events
 * (k8s pkg/apis/core/validation/events.go), conversion between the two shapes that share one storage
 * (k8s pkg/apis/events/v1/conversion.go) and the strict MicroTime wire format (apimachinery micro_time.go,
 * Go time.Parse with layout {@code 2006-01-02T15:04:05.000000Z07:00}).
 * <p>
 * Error field paths are those of the internal (core) Event even for events.k8s.io requests, as on the real server:
 * {@code involvedObject.namespace}, {@code message}, {@code firstTimestamp}, {@code reportingController}, ...
 * Not API.
 */
final class EventRules {

    /** Go layout of metav1.MicroTime (RFC3339Micro). */
    static final String MICRO_LAYOUT = "2006-01-02T15:04:05.000000Z07:00";

    static final int REPORTING_INSTANCE_LENGTH_LIMIT = 128;
    static final int ACTION_LENGTH_LIMIT = 128;
    static final int REASON_LENGTH_LIMIT = 128;
    static final int NOTE_LENGTH_LIMIT = 1024;

    private static final JsonNodeFactory NF = JsonNodeFactory.instance;

    /** Go's zero time.Time, 0001-01-01T00:00:00Z: what "unset" means for Time and MicroTime. */
    private static final Instant GO_ZERO_TIME = LocalDateTime.of(1, 1, 1, 0, 0, 0).toInstant(ZoneOffset.UTC);

    private static final DateTimeFormatter MICRO_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SECONDS_OUT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    // apimachinery pkg/util/validation (release-1.27 .. 1.33 wording)
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern DNS1123_LABEL = Pattern.compile("^" + DNS1123_LABEL_FMT + "$");
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");
    private static final String DNS1123_LABEL_ERR = "a lowercase RFC 1123 label must consist of lower case alphanumeric "
            + "characters or '-', and must start and end with an alphanumeric character";
    private static final String DNS1123_SUBDOMAIN_ERR = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private static final String QNAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private static final Pattern QNAME = Pattern.compile("^" + QNAME_FMT + "$");
    private static final String QNAME_ERR = "must consist of alphanumeric characters, '-', '_' or '.', "
            + "and must start and end with an alphanumeric character";

    private static final String[] OBJECT_REFERENCE_KEYS =
            {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"};
    private static final String[] EVENT_SOURCE_KEYS = {"component", "host"};
    /** core/v1 Event wire keys in Go struct order (TypeMeta, ObjectMeta, then the fields). */
    private static final String[] CORE_EVENT_KEYS = {"kind", "apiVersion", "metadata", "involvedObject", "reason",
        "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "series", "action",
        "related", "reportingComponent", "reportingInstance"};

    private EventRules() {
    }

    // ------------------------------------------------------------------------------------------------ validation

    /**
     * Legacy validation (legacyValidateEvent): the only check for requests through core/v1, and the first part of
     * every events.k8s.io check. {@code event} is core/v1-shaped with metadata.namespace already defaulted.
     */
    static List<FieldError> validateCoreV1(JsonNode event) {
        List<FieldError> errs = new ArrayList<>();
        String namespace = text(event.path("metadata").get("namespace"));
        String involvedNamespace = text(event.path("involvedObject").get("namespace"));

        if (!isMicroTimeSet(event.get("eventTime"))) {
            // Old-style events: event.namespace and involvedObject.namespace must agree.
            boolean mismatch = involvedNamespace.isEmpty()
                    ? !namespace.isEmpty() && !namespace.equals("default")
                    : !namespace.equals(involvedNamespace);
            if (mismatch) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNamespace,
                        "does not match event.namespace"));
            }
        } else {
            if (involvedNamespace.isEmpty() && !namespace.equals("default") && !namespace.equals("kube-system")) {
                errs.add(FieldError.invalid("involvedObject.namespace", involvedNamespace,
                        "does not match event.namespace"));
            }
            String controller = text(event.get("reportingComponent"));
            if (controller.isEmpty()) {
                errs.add(FieldError.required("reportingController", ""));
            }
            for (String msg : isQualifiedName(controller)) {
                errs.add(FieldError.invalid("reportingController", controller, msg));
            }
            requiredWithLimit(errs, "reportingInstance", text(event.get("reportingInstance")),
                    REPORTING_INSTANCE_LENGTH_LIMIT);
            requiredWithLimit(errs, "action", text(event.get("action")), ACTION_LENGTH_LIMIT);
            requiredWithLimit(errs, "reason", text(event.get("reason")), REASON_LENGTH_LIMIT);
            if (goLen(text(event.get("message"))) > NOTE_LENGTH_LIMIT) {
                errs.add(FieldError.invalid("message", "", "can have at most " + NOTE_LENGTH_LIMIT + " characters"));
            }
        }

        for (String msg : isDNS1123Subdomain(namespace)) {
            errs.add(FieldError.invalid("namespace", namespace, msg));
        }
        return errs;
    }

    /**
     * ValidateEventCreate for events.k8s.io/v1 (and newer): the legacy rules, then ObjectMeta with DNS-subdomain
     * names, series, eventTime, type and the deprecated fields. {@code event} is in events.k8s.io/v1 shape; it is
     * converted to the core shape first, so field paths are the core ones, as on the real server.
     */
    static List<FieldError> validateEventsV1Create(JsonNode event) {
        ObjectNode core = toCoreV1(event);
        List<FieldError> errs = validateCoreV1(core);
        errs.addAll(validateStrictObjectMeta(core.path("metadata")));

        JsonNode series = core.get("series");
        if (series != null && !series.isNull()) {
            if (series.path("count").asLong(0) < 2) {
                errs.add(FieldError.invalid("series.count", "", "should be at least 2"));
            }
            if (!isMicroTimeSet(series.get("lastObservedTime"))) {
                errs.add(FieldError.required("series.lastObservedTime", ""));
            }
        }
        if (!isMicroTimeSet(core.get("eventTime"))) {
            errs.add(FieldError.required("eventTime", ""));
        }
        String type = text(core.get("type"));
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errs.add(FieldError.invalid("type", "", "has invalid value: " + type));
        }
        if (isTimeSet(core.get("firstTimestamp"))) {
            errs.add(FieldError.invalid("firstTimestamp", "", "needs to be unset"));
        }
        if (isTimeSet(core.get("lastTimestamp"))) {
            errs.add(FieldError.invalid("lastTimestamp", "", "needs to be unset"));
        }
        if (core.path("count").asLong(0) != 0) {
            errs.add(FieldError.invalid("count", "", "needs to be unset"));
        }
        JsonNode source = core.path("source");
        if (!text(source.get("component")).isEmpty() || !text(source.get("host")).isEmpty()) {
            errs.add(FieldError.invalid("source", "", "needs to be unset"));
        }
        return errs;
    }

    /** apimachinery ValidateObjectMetaAccessor with NameIsDNSSubdomain and a required namespace (name part only). */
    private static List<FieldError> validateStrictObjectMeta(JsonNode meta) {
        List<FieldError> errs = new ArrayList<>();
        String generateName = text(meta.get("generateName"));
        if (!generateName.isEmpty()) {
            for (String msg : isDNS1123Subdomain(maskTrailingDash(generateName))) {
                errs.add(FieldError.invalid("metadata.generateName", generateName, msg));
            }
        }
        String name = text(meta.get("name"));
        if (name.isEmpty()) {
            errs.add(FieldError.required("metadata.name", "name or generateName is required"));
        } else {
            for (String msg : isDNS1123Subdomain(name)) {
                errs.add(FieldError.invalid("metadata.name", name, msg));
            }
        }
        String namespace = text(meta.get("namespace"));
        if (namespace.isEmpty()) {
            errs.add(FieldError.required("metadata.namespace", ""));
        } else {
            for (String msg : isDNS1123Label(namespace)) {
                errs.add(FieldError.invalid("metadata.namespace", namespace, msg));
            }
        }
        long generation = meta.path("generation").asLong(0);
        if (generation < 0) {
            errs.add(FieldError.invalid("metadata.generation", generation, "must be greater than or equal to 0"));
        }
        return errs;
    }

    private static void requiredWithLimit(List<FieldError> errs, String field, String value, int limit) {
        if (value.isEmpty()) {
            errs.add(FieldError.required(field, ""));
        }
        if (goLen(value) > limit) {
            errs.add(FieldError.invalid(field, "", "can have at most " + limit + " characters"));
        }
    }

    /** Go's len(string): the number of UTF-8 bytes. */
    private static int goLen(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    static List<String> isDNS1123Subdomain(String value) {
        List<String> errs = new ArrayList<>();
        if (goLen(value) > 253) {
            errs.add(maxLenError(253));
        }
        if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
            errs.add(regexError(DNS1123_SUBDOMAIN_ERR, DNS1123_SUBDOMAIN_FMT, "example.com"));
        }
        return errs;
    }

    static List<String> isDNS1123Label(String value) {
        List<String> errs = new ArrayList<>();
        if (goLen(value) > 63) {
            errs.add(maxLenError(63));
        }
        if (!DNS1123_LABEL.matcher(value).matches()) {
            if (DNS1123_SUBDOMAIN.matcher(value).matches()) {
                errs.add("must not contain dots");
            } else {
                errs.add(regexError(DNS1123_LABEL_ERR, DNS1123_LABEL_FMT, "my-name", "123-abc"));
            }
        }
        return errs;
    }

    static List<String> isQualifiedName(String value) {
        List<String> errs = new ArrayList<>();
        String[] parts = value.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                for (String msg : isDNS1123Subdomain(prefix)) {
                    errs.add("prefix part " + msg);
                }
            }
        } else {
            errs.add("a qualified name " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (goLen(name) > 63) {
            errs.add("name part " + maxLenError(63));
        }
        if (!QNAME.matcher(name).matches()) {
            errs.add("name part " + regexError(QNAME_ERR, QNAME_FMT, "MyName", "my.name", "123-abc"));
        }
        return errs;
    }

    private static String maxLenError(int length) {
        return "must be no more than " + length + " characters";
    }

    private static String regexError(String msg, String fmt, String... examples) {
        if (examples.length == 0) {
            return msg + " (regex used for validation is '" + fmt + "')";
        }
        StringBuilder sb = new StringBuilder(msg).append(" (e.g. ");
        for (int i = 0; i < examples.length; i++) {
            if (i > 0) {
                sb.append(" or ");
            }
            sb.append('\'').append(examples[i]).append("', ");
        }
        return sb.append("regex used for validation is '").append(fmt).append("')").toString();
    }

    /** apimachinery maskTrailingDash, quirk included: "ab-" becomes "aa". */
    private static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 2) + "a";
        }
        return name;
    }

    // ------------------------------------------------------------------------------------------------ conversion

    /** core/v1 Event → events.k8s.io/v1 Event, with the fields and emptiness rules of events/v1 types.go. */
    static ObjectNode toEventsV1(JsonNode core) {
        ObjectNode out = NF.objectNode();
        out.put("kind", "Event");
        out.put("apiVersion", "events.k8s.io/v1");
        out.set("metadata", metadataCopy(core.get("metadata")));
        out.set("eventTime", canonicalMicroTime(core.get("eventTime")));
        JsonNode series = core.get("series");
        if (series != null && !series.isNull()) {
            ObjectNode s = NF.objectNode();
            s.set("count", NF.numberNode(series.path("count").asLong(0))); // not omitempty in events/v1
            s.set("lastObservedTime", canonicalMicroTime(series.get("lastObservedTime")));
            out.set("series", s);
        }
        putIfNotEmpty(out, "reportingController", core.get("reportingComponent"));
        putIfNotEmpty(out, "reportingInstance", core.get("reportingInstance"));
        putIfNotEmpty(out, "action", core.get("action"));
        putIfNotEmpty(out, "reason", core.get("reason"));
        out.set("regarding", struct(core.get("involvedObject"), OBJECT_REFERENCE_KEYS, false));
        JsonNode related = core.get("related");
        if (related != null && !related.isNull()) {
            out.set("related", struct(related, OBJECT_REFERENCE_KEYS, false));
        }
        putIfNotEmpty(out, "note", core.get("message"));
        putIfNotEmpty(out, "type", core.get("type"));
        out.set("deprecatedSource", struct(core.get("source"), EVENT_SOURCE_KEYS, false));
        out.set("deprecatedFirstTimestamp", canonicalTime(core.get("firstTimestamp")));
        out.set("deprecatedLastTimestamp", canonicalTime(core.get("lastTimestamp")));
        long count = core.path("count").asLong(0);
        if (count != 0) {
            out.put("deprecatedCount", count);
        }
        return out;
    }

    /** events.k8s.io/v1 Event → core/v1 Event (normalised as {@link #normaliseCoreV1} does). */
    static ObjectNode toCoreV1(JsonNode ev) {
        ObjectNode out = NF.objectNode();
        out.put("kind", "Event");
        out.put("apiVersion", "v1");
        out.set("metadata", metadataCopy(ev.get("metadata")));
        out.set("involvedObject", struct(ev.get("regarding"), OBJECT_REFERENCE_KEYS, false));
        copyIfPresent(out, "reason", ev.get("reason"));
        copyIfPresent(out, "message", ev.get("note"));
        out.set("source", struct(ev.get("deprecatedSource"), EVENT_SOURCE_KEYS, false));
        copyIfPresent(out, "firstTimestamp", ev.get("deprecatedFirstTimestamp"));
        copyIfPresent(out, "lastTimestamp", ev.get("deprecatedLastTimestamp"));
        copyIfPresent(out, "count", ev.get("deprecatedCount"));
        copyIfPresent(out, "type", ev.get("type"));
        copyIfPresent(out, "eventTime", ev.get("eventTime"));
        JsonNode series = ev.get("series");
        if (series != null && !series.isNull()) {
            ObjectNode s = NF.objectNode();
            copyIfPresent(s, "count", series.get("count"));
            copyIfPresent(s, "lastObservedTime", series.get("lastObservedTime"));
            out.set("series", s);
        }
        copyIfPresent(out, "action", ev.get("action"));
        JsonNode related = ev.get("related");
        if (related != null && !related.isNull()) {
            out.set("related", struct(related, OBJECT_REFERENCE_KEYS, false));
        }
        copyIfPresent(out, "reportingComponent", ev.get("reportingController"));
        copyIfPresent(out, "reportingInstance", ev.get("reportingInstance"));
        return normaliseCoreV1(out);
    }

    /**
     * Puts a core/v1 Event into the shape the real server writes: Go field order, omitempty fields dropped when
     * empty ("", 0, null), {@code involvedObject}/{@code source} always objects, {@code reportingComponent} and
     * {@code reportingInstance} always present, unset times as {@code null}, set times re-formatted in UTC
     * (whole seconds for Time, microseconds for MicroTime). Unknown keys are kept, after the known ones.
     */
    static ObjectNode normaliseCoreV1(ObjectNode event) {
        Map<String, JsonNode> old = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = event.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            old.put(e.getKey(), e.getValue());
        }
        event.removeAll();

        copyIfPresent(event, "kind", old.get("kind"));
        copyIfPresent(event, "apiVersion", old.get("apiVersion"));
        JsonNode meta = old.get("metadata");
        event.set("metadata", meta != null && meta.isObject() ? meta : NF.objectNode());
        event.set("involvedObject", struct(old.get("involvedObject"), OBJECT_REFERENCE_KEYS, true));
        putIfNotEmpty(event, "reason", old.get("reason"));
        putIfNotEmpty(event, "message", old.get("message"));
        event.set("source", struct(old.get("source"), EVENT_SOURCE_KEYS, true));
        event.set("firstTimestamp", canonicalTime(old.get("firstTimestamp")));
        event.set("lastTimestamp", canonicalTime(old.get("lastTimestamp")));
        putIfNonZero(event, "count", old.get("count"));
        putIfNotEmpty(event, "type", old.get("type"));
        event.set("eventTime", canonicalMicroTime(old.get("eventTime")));
        JsonNode series = old.get("series");
        if (series != null && series.isObject()) {
            ObjectNode s = NF.objectNode();
            putIfNonZero(s, "count", series.get("count")); // omitempty in core/v1
            s.set("lastObservedTime", canonicalMicroTime(series.get("lastObservedTime")));
            keepUnknown(s, series, Set.of("count", "lastObservedTime"));
            event.set("series", s);
        }
        putIfNotEmpty(event, "action", old.get("action"));
        JsonNode related = old.get("related");
        if (related != null && !related.isNull()) {
            event.set("related", struct(related, OBJECT_REFERENCE_KEYS, true));
        }
        JsonNode rc = old.get("reportingComponent");
        event.set("reportingComponent", rc == null || rc.isNull() ? NF.textNode("") : rc);
        JsonNode ri = old.get("reportingInstance");
        event.set("reportingInstance", ri == null || ri.isNull() ? NF.textNode("") : ri);

        Set<String> known = Set.of(CORE_EVENT_KEYS);
        for (Map.Entry<String, JsonNode> e : old.entrySet()) {
            if (!known.contains(e.getKey())) {
                event.set(e.getKey(), e.getValue());
            }
        }
        return event;
    }

    private static ObjectNode metadataCopy(JsonNode meta) {
        return meta != null && meta.isObject() ? ((ObjectNode) meta).deepCopy() : NF.objectNode();
    }

    /** A struct with omitempty string fields, in Go order; unknown fields kept (after) or dropped. */
    private static ObjectNode struct(JsonNode src, String[] keys, boolean keepUnknown) {
        ObjectNode out = NF.objectNode();
        if (src == null || !src.isObject()) {
            return out;
        }
        for (String k : keys) {
            putIfNotEmpty(out, k, src.get(k));
        }
        if (keepUnknown) {
            keepUnknown(out, src, Set.of(keys));
        }
        return out;
    }

    private static void keepUnknown(ObjectNode out, JsonNode src, Set<String> known) {
        Iterator<Map.Entry<String, JsonNode>> it = src.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    private static void copyIfPresent(ObjectNode out, String key, JsonNode value) {
        if (value != null && !value.isNull()) {
            out.set(key, value.deepCopy());
        }
    }

    private static void putIfNotEmpty(ObjectNode out, String key, JsonNode value) {
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
            return;
        }
        out.set(key, value.deepCopy());
    }

    private static void putIfNonZero(ObjectNode out, String key, JsonNode value) {
        if (value == null || value.isNull() || (value.isNumber() && value.asLong() == 0)) {
            return;
        }
        out.set(key, value.deepCopy());
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText("");
    }

    // ------------------------------------------------------------------------------------------------ times

    /** Whether a MicroTime value is set: not absent/null, and not Go's zero time. Unparseable text counts as set. */
    private static boolean isMicroTimeSet(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isTextual()) {
            try {
                return !parseMicroTime(n.textValue()).equals(GO_ZERO_TIME);
            } catch (IllegalArgumentException e) {
                return true;
            }
        }
        return true;
    }

    /** Whether a metav1.Time value is set (see {@link #isMicroTimeSet}). */
    private static boolean isTimeSet(JsonNode n) {
        if (n == null || n.isNull()) {
            return false;
        }
        if (n.isTextual()) {
            Instant t = parseRfc3339(n.textValue());
            return t == null || !t.equals(GO_ZERO_TIME);
        }
        return true;
    }

    private static Instant parseRfc3339(String s) {
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** metav1.Time as the server writes it: null when unset, else UTC with whole seconds. */
    private static JsonNode canonicalTime(JsonNode n) {
        if (n == null || n.isNull()) {
            return NullNode.getInstance();
        }
        if (n.isTextual()) {
            Instant t = parseRfc3339(n.textValue());
            if (t != null) {
                return t.equals(GO_ZERO_TIME) ? NullNode.getInstance() : NF.textNode(SECONDS_OUT.format(t));
            }
        }
        return n.deepCopy();
    }

    /** metav1.MicroTime as the server writes it: null when unset, else UTC with 6 fractional digits. */
    private static JsonNode canonicalMicroTime(JsonNode n) {
        if (n == null || n.isNull()) {
            return NullNode.getInstance();
        }
        if (n.isTextual()) {
            try {
                Instant t = parseMicroTime(n.textValue());
                return t.equals(GO_ZERO_TIME) ? NullNode.getInstance() : NF.textNode(formatMicroTime(t));
            } catch (IllegalArgumentException e) {
                return n.deepCopy();
            }
        }
        return n.deepCopy();
    }

    /** Formats a MicroTime in UTC, truncated to microseconds: {@code 2024-06-01T10:00:00.123456Z}. */
    static String formatMicroTime(Instant t) {
        return MICRO_OUT.format(t);
    }

    /**
     * Parses a MicroTime exactly as Go's {@code time.Parse("2006-01-02T15:04:05.000000Z07:00", s)} does:
     * exactly six fractional digits (after '.' or ','), then 'Z' or ±hh:mm. Errors carry Go's messages.
     */
    static Instant parseMicroTime(String text) {
        if (text == null) {
            throw new IllegalArgumentException("parsing time null: not a string");
        }
        // Go works on bytes: use one char per UTF-8 byte.
        String value = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        final String full = value;
        int year;
        int month;
        int day;
        int hour;
        int min;
        int sec;
        int nsec;
        int zoneOffset = 0;

        // 2006
        String hold = value;
        if (value.length() < 4 || !isDigit(value, 0)) {
            throw cannotParse(full, hold, "2006");
        }
        Integer y = atoi(value.substring(0, 4));
        if (y == null) {
            throw cannotParse(full, hold, "2006");
        }
        year = y;
        value = skip(full, value.substring(4), "-");
        // 01
        hold = value;
        int[] num = getnum(value, true);
        month = num == null ? 0 : num[0];
        if (num != null && (month <= 0 || month > 12)) {
            throw outOfRange(full, "month");
        }
        if (num == null) {
            throw cannotParse(full, hold, "01");
        }
        value = value.substring(num[1]);
        value = skip(full, value, "-");
        // 02
        hold = value;
        num = getnum(value, true);
        if (num == null) {
            throw cannotParse(full, hold, "02");
        }
        day = num[0];
        value = value.substring(num[1]);
        value = skip(full, value, "T");
        // 15
        hold = value;
        num = getnum(value, false);
        hour = num == null ? 0 : num[0];
        if (hour >= 24) {
            throw outOfRange(full, "hour");
        }
        if (num == null) {
            throw cannotParse(full, hold, "15");
        }
        value = value.substring(num[1]);
        value = skip(full, value, ":");
        // 04
        hold = value;
        num = getnum(value, true);
        min = num == null ? 0 : num[0];
        if (min >= 60) {
            throw outOfRange(full, "minute");
        }
        if (num == null) {
            throw cannotParse(full, hold, "04");
        }
        value = value.substring(num[1]);
        value = skip(full, value, ":");
        // 05
        hold = value;
        num = getnum(value, true);
        if (num == null) {
            throw cannotParse(full, hold, "05");
        }
        sec = num[0];
        if (sec >= 60) {
            throw outOfRange(full, "second");
        }
        value = value.substring(num[1]);
        // .000000 (exactly 6 digits; '.' or ',')
        hold = value;
        if (value.length() < 7 || (value.charAt(0) != '.' && value.charAt(0) != ',')) {
            throw cannotParse(full, hold, ".000000");
        }
        Integer frac = atoi(value.substring(1, 7));
        if (frac == null) {
            throw cannotParse(full, hold, ".000000");
        }
        if (frac < 0) {
            throw outOfRange(full, "fractional second");
        }
        nsec = frac * 1000;
        value = value.substring(7);
        // Z07:00
        hold = value;
        if (!value.isEmpty() && value.charAt(0) == 'Z') {
            value = value.substring(1);
        } else {
            if (value.length() < 6 || value.charAt(3) != ':') {
                throw cannotParse(full, hold, "Z07:00");
            }
            char sign = value.charAt(0);
            int[] hr = getnum(value.substring(1, 3), true);
            int[] mm = hr == null ? null : getnum(value.substring(4, 6), true);
            int h = hr == null ? 0 : hr[0];
            int m = mm == null ? 0 : mm[0];
            value = value.substring(6);
            String range = null;
            if (h > 24) {
                range = "time zone offset hour";
            }
            if (m > 60) {
                range = "time zone offset minute";
            }
            if (range != null) {
                throw outOfRange(full, range);
            }
            if (hr == null || mm == null || (sign != '+' && sign != '-')) {
                throw cannotParse(full, hold, "Z07:00");
            }
            zoneOffset = (h * 60 + m) * 60 * (sign == '-' ? -1 : 1);
        }
        if (!value.isEmpty()) {
            throw goError(full, ": extra text: " + goQuote(value));
        }
        if (day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            throw outOfRange(full, "day");
        }
        long epoch = LocalDateTime.of(year, month, day, hour, min, sec).toEpochSecond(ZoneOffset.UTC) - zoneOffset;
        return Instant.ofEpochSecond(epoch, nsec);
    }

    private static String skip(String full, String value, String prefix) {
        if (value.isEmpty() || value.charAt(0) != prefix.charAt(0)) {
            throw new IllegalArgumentException("parsing time " + goQuote(full) + " as " + goQuote(MICRO_LAYOUT)
                    + ": cannot parse " + goQuote(value) + " as " + goQuote(prefix));
        }
        return value.substring(1);
    }

    private static boolean isDigit(String s, int i) {
        return s.length() > i && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    /** Go getnum: one or two digits (exactly two when fixed); returns {value, consumed} or null (errBad). */
    private static int[] getnum(String s, boolean fixed) {
        if (!isDigit(s, 0)) {
            return null;
        }
        if (!isDigit(s, 1)) {
            return fixed ? null : new int[] {s.charAt(0) - '0', 1};
        }
        return new int[] {(s.charAt(0) - '0') * 10 + (s.charAt(1) - '0'), 2};
    }

    /** Go's time-package atoi: optional sign, then digits only; null on error. */
    private static Integer atoi(String s) {
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int x = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            x = x * 10 + (c - '0');
        }
        return neg ? -x : x;
    }

    private static IllegalArgumentException cannotParse(String full, String valueElem, String layoutElem) {
        return new IllegalArgumentException("parsing time " + goQuote(full) + " as " + goQuote(MICRO_LAYOUT)
                + ": cannot parse " + goQuote(valueElem) + " as " + goQuote(layoutElem));
    }

    private static IllegalArgumentException outOfRange(String full, String what) {
        return goError(full, ": " + what + " out of range");
    }

    private static IllegalArgumentException goError(String full, String message) {
        return new IllegalArgumentException("parsing time " + goQuote(full) + message);
    }

    /** Go time.quote over bytes (the string holds one char per UTF-8 byte). */
    private static String goQuote(String bytes) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < bytes.length(); i++) {
            char c = bytes.charAt(i);
            if (c >= 0x80 || c < ' ') {
                sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
            } else {
                if (c == '"' || c == '\\') {
                    sb.append('\\');
                }
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
