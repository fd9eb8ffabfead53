package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds {@code meta.k8s.io/v1 Table} responses (what {@code kubectl get} asks for) for lists, single objects and watch
 * events.
 *
 * <p>Custom resources get {@code Name} plus the CRD version's {@code additionalPrinterColumns} (or {@code Age} when none
 * is defined), evaluated with the Kubernetes JSONPath dialect as the apiextensions table convertor does: a missing path
 * gives a {@code null} cell, only the first match is used, {@code date} cells are human durations ("5m12s"), string
 * cells print non-string values as text. A few common built-ins get the columns of the real server's printers
 * (wide columns included, with priority 1); every other built-in gets the generic {@code Name}, {@code Created At}.
 * Not API.
 */
final class Tables {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating resources, "
            + "although some resources may allow a client to request the generation of an appropriate name automatically. "
            + "Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. "
            + "More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    static final String CREATION_TIMESTAMP_DESCRIPTION = "CreationTimestamp is a timestamp representing the server time "
            + "when this object was created. It is not guaranteed to be set in happens-before order across separate "
            + "operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n"
            + "Populated by the system. Read-only. Null for lists. More info: "
            + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    private Tables() {
    }

    // ------------------------------------------------------------------------------------------------------------
    // Public entry points

    /**
     * A Table with one row per object.
     *
     * @param includeObject "None", "Metadata" (default; null/"" mean it too) or "Object"
     * @param listMetadata  {resourceVersion, continue, remainingItemCount}, copied into the table's metadata; may be null
     */
    static ObjectNode table(ResourceType type, List<? extends JsonNode> objects, String includeObject,
                            JsonNode listMetadata, Instant now) {
        Printer printer = printerFor(type);
        ObjectNode table = newTable(printer, true);
        ObjectNode metadata = (ObjectNode) table.get("metadata");
        if (listMetadata != null && listMetadata.isObject()) {
            copyText(listMetadata, metadata, "resourceVersion");
            copyText(listMetadata, metadata, "continue");
            JsonNode remaining = listMetadata.get("remainingItemCount");
            if (remaining != null && remaining.isNumber()) {
                metadata.put("remainingItemCount", remaining.asLong());
            }
        }
        ArrayNode rows = (ArrayNode) table.get("rows");
        for (JsonNode object : objects) {
            rows.add(row(type, printer, object, includeObject, now));
        }
        return table;
    }

    /** For watch streams: a Table with one row for {@code object}; without headers columnDefinitions is empty. */
    static ObjectNode tableRow(ResourceType type, JsonNode object, String includeObject, boolean withHeaders,
                               Instant now) {
        Printer printer = printerFor(type);
        ObjectNode table = newTable(printer, withHeaders);
        String rv = text(object.path("metadata").get("resourceVersion"));
        if (!rv.isEmpty()) {
            ((ObjectNode) table.get("metadata")).put("resourceVersion", rv);
        }
        ((ArrayNode) table.get("rows")).add(row(type, printer, object, includeObject, now));
        return table;
    }

    private static ObjectNode newTable(Printer printer, boolean withHeaders) {
        ObjectNode table = F.objectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata");
        ArrayNode defs = table.putArray("columnDefinitions");
        if (withHeaders) {
            for (Column c : printer.columns()) {
                ObjectNode d = defs.addObject();
                d.put("name", c.name());
                d.put("type", c.type());
                d.put("format", c.format());
                d.put("description", c.description());
                d.put("priority", c.priority());
            }
        }
        table.putArray("rows");
        return table;
    }

    private static ObjectNode row(ResourceType type, Printer printer, JsonNode object, String includeObject,
                                  Instant now) {
        ObjectNode row = F.objectNode();
        ArrayNode cells = row.putArray("cells");
        printer.cells(object, now, cells);
        JsonNode conditions = printer.conditions(object);
        if (conditions != null) {
            row.set("conditions", conditions);
        }
        if ("None".equals(includeObject)) {
            return row;
        }
        if ("Object".equals(includeObject)) {
            ObjectNode full = F.objectNode();
            if (!object.hasNonNull("apiVersion")) {
                full.put("apiVersion", type.apiVersion());
            }
            if (!object.hasNonNull("kind")) {
                full.put("kind", type.kind());
            }
            object.fields().forEachRemaining(e -> full.set(e.getKey(), e.getValue().deepCopy()));
            row.set("object", full);
        } else {
            ObjectNode partial = row.putObject("object");
            partial.put("kind", "PartialObjectMetadata");
            partial.put("apiVersion", "meta.k8s.io/v1");
            JsonNode metadata = object.get("metadata");
            partial.set("metadata", metadata != null && metadata.isObject() ? metadata.deepCopy() : F.objectNode());
        }
        return row;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Columns and printers

    record Column(String name, String type, String format, String description, int priority) {
        static Column of(String name, String type, String description) {
            return new Column(name, type, "", description, 0);
        }

        static Column wide(String name, String type, String description) {
            return new Column(name, type, "", description, 1);
        }

        static Column nameColumn() {
            return new Column("Name", "string", "name", NAME_DESCRIPTION, 0);
        }

        static Column age() {
            return of("Age", "string", CREATION_TIMESTAMP_DESCRIPTION);
        }
    }

    private interface Printer {
        List<Column> columns();

        void cells(JsonNode object, Instant now, ArrayNode cells);

        default JsonNode conditions(JsonNode object) {
            return null;
        }
    }

    private interface CellFunction {
        void cells(JsonNode object, Instant now, ArrayNode cells);
    }

    private static Printer printer(List<Column> columns, CellFunction fn) {
        return new Printer() {
            @Override
            public List<Column> columns() {
                return columns;
            }

            @Override
            public void cells(JsonNode object, Instant now, ArrayNode cells) {
                fn.cells(object, now, cells);
            }
        };
    }

    private static Printer printerFor(ResourceType type) {
        if (!type.builtIn()) {
            return customResourcePrinter(type.printerColumns());
        }
        String group = type.group();
        switch (type.kind()) {
            case "Namespace":
                if (group.isEmpty()) {
                    return NAMESPACE;
                }
                break;
            case "ConfigMap":
                if (group.isEmpty()) {
                    return CONFIG_MAP;
                }
                break;
            case "Secret":
                if (group.isEmpty()) {
                    return SECRET;
                }
                break;
            case "Pod":
                if (group.isEmpty()) {
                    return POD;
                }
                break;
            case "Service":
                if (group.isEmpty()) {
                    return SERVICE;
                }
                break;
            case "Deployment":
                if (group.equals("apps")) {
                    return DEPLOYMENT;
                }
                break;
            case "Event":
                if (group.isEmpty()) {
                    return EVENT_CORE;
                }
                if (group.equals("events.k8s.io")) {
                    return EVENT_EVENTS_API;
                }
                break;
            case "APIService":
                if (group.equals("apiregistration.k8s.io")) {
                    return API_SERVICE;
                }
                break;
            case "Lease":
                if (group.equals("coordination.k8s.io")) {
                    return LEASE;
                }
                break;
            default:
                break;
        }
        return GENERIC;
    }

    /** apiserver's default table convertor: Name and Created At (RFC3339, UTC, seconds). */
    private static final Printer GENERIC = printer(
            List.of(Column.nameColumn(), Column.of("Created At", "date", CREATION_TIMESTAMP_DESCRIPTION)),
            (o, now, cells) -> {
                cells.add(name(o));
                cells.add(createdAt(o.path("metadata").get("creationTimestamp")));
            });

    private static final Printer NAMESPACE = printer(
            List.of(Column.nameColumn(), Column.of("Status", "string", "The status of the namespace"), Column.age()),
            (o, now, cells) -> {
                cells.add(name(o));
                String phase = text(o.path("status").get("phase"));
                cells.add(phase.isEmpty() ? "Active" : phase);
                cells.add(age(o, now));
            });

    private static final Printer CONFIG_MAP = printer(
            List.of(Column.nameColumn(), Column.of("Data", "string",
                    "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' "
                            + "or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys "
                            + "stored in Data must not overlap with the keys in the BinaryData field, this is enforced "
                            + "during validation process."),
                    Column.age()),
            (o, now, cells) -> {
                cells.add(name(o));
                cells.add(o.path("data").size() + o.path("binaryData").size());
                cells.add(age(o, now));
            });

    private static final Printer SECRET = printer(
            List.of(Column.nameColumn(),
                    Column.of("Type", "string", "Used to facilitate programmatic handling of secret data. More info: "
                            + "https://kubernetes.io/docs/concepts/configuration/secret/#secret-types"),
                    Column.of("Data", "string", "Data contains the secret data. Each key must consist of alphanumeric "
                            + "characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded "
                            + "string, representing the arbitrary (possibly non-string) data value here. Described in "
                            + "https://tools.ietf.org/html/rfc4648#section-4"),
                    Column.age()),
            (o, now, cells) -> {
                cells.add(name(o));
                String type = text(o.get("type"));
                cells.add(type.isEmpty() ? "Opaque" : type);
                cells.add(o.path("data").size());
                cells.add(age(o, now));
            });

    private static final Printer SERVICE = printer(
            List.of(Column.nameColumn(),
                    Column.of("Type", "string", "type determines how the Service is exposed."),
                    Column.of("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually "
                            + "assigned randomly."),
                    Column.of("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the "
                            + "cluster will also accept traffic for this service."),
                    Column.of("Port(s)", "string", "The list of ports that are exposed by this service."),
                    Column.age(),
                    Column.wide("Selector", "string", "Route service traffic to pods with label keys and values "
                            + "matching this selector.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                String type = text(spec.get("type"));
                if (type.isEmpty()) {
                    type = "ClusterIP";
                }
                String clusterIp = spec.path("clusterIPs").isArray() && spec.path("clusterIPs").size() > 0
                        ? text(spec.path("clusterIPs").get(0)) : text(spec.get("clusterIP"));
                List<String> ports = new ArrayList<>();
                for (JsonNode p : spec.path("ports")) {
                    String protocol = text(p.get("protocol"));
                    if (protocol.isEmpty()) {
                        protocol = "TCP";
                    }
                    long nodePort = p.path("nodePort").asLong(0);
                    ports.add(nodePort > 0 ? p.path("port").asLong() + ":" + nodePort + "/" + protocol
                            : p.path("port").asLong() + "/" + protocol);
                }
                cells.add(name(o));
                cells.add(type);
                cells.add(clusterIp.isEmpty() ? "<none>" : clusterIp);
                cells.add(serviceExternalIp(type, o));
                cells.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
                cells.add(age(o, now));
                cells.add(orNone(formatLabels(spec.path("selector"))));
            });

    private static String serviceExternalIp(String type, JsonNode svc) {
        List<String> externalIps = strings(svc.path("spec").path("externalIPs"));
        switch (type) {
            case "ClusterIP":
            case "NodePort":
                return externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            case "LoadBalancer": {
                List<String> all = new ArrayList<>();
                for (JsonNode ingress : svc.path("status").path("loadBalancer").path("ingress")) {
                    String ip = text(ingress.get("ip"));
                    String host = text(ingress.get("hostname"));
                    if (!ip.isEmpty()) {
                        all.add(ip);
                    } else if (!host.isEmpty()) {
                        all.add(host);
                    }
                }
                all.addAll(externalIps);
                return all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName":
                return text(svc.path("spec").get("externalName"));
            default:
                return "<unknown>";
        }
    }

    private static final Printer DEPLOYMENT = printer(
            List.of(Column.nameColumn(),
                    Column.of("Ready", "string", "Number of the pod with ready state"),
                    Column.of("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment "
                            + "that have the desired template spec."),
                    Column.of("Available", "string", "Total number of available pods (ready for at least "
                            + "minReadySeconds) targeted by this deployment."),
                    Column.age(),
                    Column.wide("Containers", "string", "Names of each container in the template."),
                    Column.wide("Images", "string", "Images referenced by each container in the template."),
                    Column.wide("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are "
                            + "selected by this will be the ones affected by this deployment.")),
            (o, now, cells) -> {
                JsonNode spec = o.path("spec");
                JsonNode status = o.path("status");
                long desired = spec.hasNonNull("replicas") ? spec.get("replicas").asLong() : 1;
                cells.add(name(o));
                cells.add(status.path("readyReplicas").asLong(0) + "/" + desired);
                cells.add(status.path("updatedReplicas").asLong(0));
                cells.add(status.path("availableReplicas").asLong(0));
                cells.add(age(o, now));
                List<String> names = new ArrayList<>();
                List<String> images = new ArrayList<>();
                for (JsonNode c : spec.path("template").path("spec").path("containers")) {
                    names.add(text(c.get("name")));
                    images.add(text(c.get("image")));
                }
                cells.add(String.join(",", names));
                cells.add(String.join(",", images));
                cells.add(formatSelector(spec.path("selector")));
            });

    private static final Printer LEASE = printer(
            List.of(Column.nameColumn(),
                    Column.of("Holder", "string", "holderIdentity contains the identity of the holder of a current "
                            + "lease. If Coordinated Leader Election is used, the holder identity must be equal to "
                            + "the elected LeaseCandidate.metadata.name field."),
                    Column.age()),
            (o, now, cells) -> {
                cells.add(name(o));
                cells.add(text(o.path("spec").get("holderIdentity")));
                cells.add(age(o, now));
            });

    private static final Printer API_SERVICE = printer(
            List.of(Column.nameColumn(),
                    Column.of("Service", "string", "The reference to the service that hosts this API endpoint."),
                    Column.of("Available", "string", "Whether this service is available."),
                    Column.age()),
            (o, now, cells) -> {
                JsonNode service = o.path("spec").get("service");
                String svc = service == null || !service.isObject() ? "Local"
                        : text(service.get("namespace")) + "/" + text(service.get("name"));
                String available = "Unknown";
                for (JsonNode c : o.path("status").path("conditions")) {
                    if ("Available".equals(text(c.get("type")))) {
                        String st = text(c.get("status"));
                        String reason = text(c.get("reason"));
                        available = st.equals("True") || reason.isEmpty() ? st : st + " (" + reason + ")";
                        break;
                    }
                }
                cells.add(name(o));
                cells.add(svc);
                cells.add(available);
                cells.add(age(o, now));
            });

    private static final List<Column> EVENT_COLUMNS = List.of(
            Column.of("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
            Column.of("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
            Column.of("Reason", "string", "This should be a short, machine understandable string that gives the "
                    + "reason for the transition into the object's current status."),
            Column.of("Object", "string", "The object that this event is about."),
            Column.wide("Subobject", "string", "If referring to a piece of an object instead of an entire object, "
                    + "this string should contain a valid JSON/Go field access statement, such as "
                    + "desiredState.manifest.containers[2]."),
            Column.wide("Source", "string", "The component reporting this event. Should be a short machine "
                    + "understandable string."),
            Column.of("Message", "string", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "string", "The time at which the event was first recorded. (Time of server "
                    + "receipt is in TypeMeta.)"),
            Column.wide("Count", "string", "The number of times this event has occurred."),
            new Column("Name", "string", "name", NAME_DESCRIPTION, 1));

    private static final Printer EVENT_CORE = printer(EVENT_COLUMNS, (o, now, cells) -> eventCells(o, now, cells,
            "involvedObject", "message", "firstTimestamp", "lastTimestamp", "count", "source", "series", "count",
            "lastObservedTime"));

    private static final Printer EVENT_EVENTS_API = printer(EVENT_COLUMNS, (o, now, cells) -> eventCells(o, now, cells,
            "regarding", "note", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount",
            "deprecatedSource", "series", "count", "lastObservedTime"));

    private static void eventCells(JsonNode o, Instant now, ArrayNode cells, String involvedField,
                                   String messageField, String firstField, String lastField, String countField,
                                   String sourceField, String seriesField, String seriesCountField,
                                   String seriesLastField) {
        JsonNode involved = o.path(involvedField);
        String first = timestampSince(o.get(firstField), now);
        if (isZeroTime(o.get(firstField))) {
            first = timestampSince(o.get("eventTime"), now);
        }
        String last = isZeroTime(o.get(lastField)) ? first : timestampSince(o.get(lastField), now);
        long count = o.path(countField).asLong(0);
        JsonNode series = o.get(seriesField);
        if (series != null && series.isObject()) {
            last = timestampSince(series.get(seriesLastField), now);
            count = series.path(seriesCountField).asLong(0);
        } else if (count == 0) {
            count = 1;
        }
        String kind = text(involved.get("kind")).toLowerCase(Locale.ROOT);
        String involvedName = text(involved.get("name"));
        String target = involvedName.isEmpty() ? kind : kind + "/" + involvedName;
        JsonNode source = o.path(sourceField);
        String component = firstNonEmpty(text(source.get("component")), text(o.get("reportingController")));
        String instance = firstNonEmpty(text(source.get("host")), text(o.get("reportingInstance")));
        cells.add(last);
        cells.add(text(o.get("type")));
        cells.add(text(o.get("reason")));
        cells.add(target);
        cells.add(text(involved.get("fieldPath")));
        cells.add(instance.isEmpty() ? component : component + ", " + instance);
        cells.add(text(o.get(messageField)).strip());
        cells.add(first);
        cells.add(count);
        cells.add(name(o));
    }

    private static final List<Column> POD_COLUMNS = List.of(Column.nameColumn(),
            Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", "The number of times the containers in this pod have been restarted and "
                    + "when the last container in this pod has restarted."),
            Column.age(),
            Column.wide("IP", "string", "podIP address allocated to the pod. Routable at least within the cluster. "
                    + "Empty if not yet allocated."),
            Column.wide("Node", "string", "NodeName indicates in which node this pod is scheduled."),
            Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other pods "
                    + "on the node, but it cannot be scheduled right away as preemption victims receive their "
                    + "graceful termination periods."),
            Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod "
                    + "readiness. A pod is ready when all its containers are ready AND all conditions specified in "
                    + "the readiness gates have status equal to \"True\" More info: "
                    + "https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates"));

    private static final Printer POD = new Printer() {
        @Override
        public List<Column> columns() {
            return POD_COLUMNS;
        }

        @Override
        public void cells(JsonNode o, Instant now, ArrayNode cells) {
            podCells(o, now, cells);
        }

        @Override
        public JsonNode conditions(JsonNode o) {
            String phase = text(o.path("status").get("phase"));
            if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                return null;
            }
            ArrayNode conditions = F.arrayNode();
            ObjectNode c = conditions.addObject();
            c.put("type", "Completed");
            c.put("status", "True");
            c.put("reason", phase);
            c.put("message", phase.equals("Succeeded") ? "The pod has completed successfully."
                    : "The pod failed.");
            return conditions;
        }
    };

    private static void podCells(JsonNode pod, Instant now, ArrayNode cells) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        String phase = text(status.get("phase"));
        if (phase.isEmpty()) {
            phase = "Pending";
        }
        String reason = text(status.get("reason")).isEmpty() ? phase : text(status.get("reason"));
        for (JsonNode c : status.path("conditions")) {
            if ("PodScheduled".equals(text(c.get("type"))) && "SchedulingGated".equals(text(c.get("reason")))) {
                reason = "SchedulingGated";
            }
        }
        int total = spec.path("containers").size();
        Map<String, Boolean> restartableInit = new TreeMap<>();
        for (JsonNode ic : spec.path("initContainers")) {
            boolean sidecar = "Always".equals(text(ic.get("restartPolicy")));
            restartableInit.put(text(ic.get("name")), sidecar);
            if (sidecar) {
                total++;
            }
        }
        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        JsonNode initStatuses = status.path("initContainerStatuses");
        int initCount = spec.path("initContainers").size();
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode cs = initStatuses.get(i);
            long rc = cs.path("restartCount").asLong(0);
            restarts += rc;
            Instant finished = parseTime(cs.path("lastState").path("terminated").get("finishedAt"));
            lastRestart = later(lastRestart, finished);
            boolean sidecar = restartableInit.getOrDefault(text(cs.get("name")), false);
            if (sidecar) {
                sidecarRestarts += rc;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = cs.path("state").get("terminated");
            JsonNode waiting = cs.path("state").get("waiting");
            if (terminated != null && terminated.isObject() && terminated.path("exitCode").asLong(0) == 0) {
                continue;
            }
            if (sidecar && cs.path("started").asBoolean(false)) {
                if (cs.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated != null && terminated.isObject()) {
                String r = text(terminated.get("reason"));
                if (r.isEmpty()) {
                    long signal = terminated.path("signal").asLong(0);
                    r = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asLong(0);
                }
                reason = "Init:" + r;
            } else if (waiting != null && waiting.isObject() && !text(waiting.get("reason")).isEmpty()
                    && !"PodInitializing".equals(text(waiting.get("reason")))) {
                reason = "Init:" + text(waiting.get("reason"));
            } else {
                reason = "Init:" + i + "/" + initCount;
            }
            initializing = true;
            break;
        }
        boolean initializedCondition = false;
        boolean readyCondition = false;
        for (JsonNode c : status.path("conditions")) {
            if ("Initialized".equals(text(c.get("type"))) && "True".equals(text(c.get("status")))) {
                initializedCondition = true;
            }
            if ("Ready".equals(text(c.get("type"))) && "True".equals(text(c.get("status")))) {
                readyCondition = true;
            }
        }
        if (!initializing || initializedCondition) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            JsonNode statuses = status.path("containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode cs = statuses.get(i);
                restarts += cs.path("restartCount").asLong(0);
                lastRestart = later(lastRestart, parseTime(cs.path("lastState").path("terminated").get("finishedAt")));
                JsonNode waiting = cs.path("state").get("waiting");
                JsonNode terminated = cs.path("state").get("terminated");
                JsonNode running = cs.path("state").get("running");
                if (waiting != null && waiting.isObject() && !text(waiting.get("reason")).isEmpty()) {
                    reason = text(waiting.get("reason"));
                } else if (terminated != null && terminated.isObject()) {
                    String r = text(terminated.get("reason"));
                    if (r.isEmpty()) {
                        long signal = terminated.path("signal").asLong(0);
                        r = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asLong(0);
                    }
                    reason = r;
                } else if (cs.path("ready").asBoolean(false) && running != null && running.isObject()) {
                    hasRunning = true;
                    ready++;
                }
            }
            if (reason.equals("Completed") && hasRunning) {
                reason = readyCondition ? "Running" : "NotReady";
            }
        }
        JsonNode deletion = pod.path("metadata").get("deletionTimestamp");
        if (deletion != null && !deletion.isNull()) {
            if ("NodeLost".equals(text(status.get("reason")))) {
                reason = "Unknown";
            } else if (!phase.equals("Succeeded") && !phase.equals("Failed")) {
                reason = "Terminating";
            }
        }
        String restartText = Long.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartText = restarts + " (" + humanDuration(Duration.between(lastRestart, now)) + " ago)";
        }
        cells.add(name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartText);
        cells.add(age(pod, now));
        String ip = text(status.get("podIP"));
        if (status.path("podIPs").size() > 0) {
            ip = text(status.path("podIPs").get(0).get("ip"));
        }
        cells.add(orNone(ip));
        cells.add(orNone(text(spec.get("nodeName"))));
        cells.add(orNone(text(status.get("nominatedNodeName"))));
        JsonNode gates = spec.path("readinessGates");
        if (gates.size() == 0) {
            cells.add("<none>");
        } else {
            int trueGates = 0;
            for (JsonNode g : gates) {
                String gateType = text(g.get("conditionType"));
                for (JsonNode c : status.path("conditions")) {
                    if (gateType.equals(text(c.get("type"))) && "True".equals(text(c.get("status")))) {
                        trueGates++;
                        break;
                    }
                }
            }
            cells.add(trueGates + "/" + gates.size());
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Custom resources

    private record CrColumn(Column column, List<Node> path) {
    }

    private static Printer customResourcePrinter(JsonNode printerColumns) {
        List<Column> columns = new ArrayList<>();
        List<CrColumn> crColumns = new ArrayList<>();
        columns.add(Column.nameColumn());
        if (printerColumns == null || !printerColumns.isArray() || printerColumns.size() == 0) {
            Column age = new Column("Age", "date", "", CREATION_TIMESTAMP_DESCRIPTION, 0);
            columns.add(age);
            crColumns.add(new CrColumn(age, parse(".metadata.creationTimestamp")));
        } else {
            for (JsonNode def : printerColumns) {
                String jsonPath = text(def.get("jsonPath"));
                String description = text(def.get("description"));
                if (description.isEmpty()) {
                    description = "Custom resource definition column (in JSONPath format): " + jsonPath;
                }
                Column column = new Column(text(def.get("name")), text(def.get("type")), text(def.get("format")),
                        description, def.path("priority").asInt(0));
                List<Node> path;
                try {
                    path = parse(jsonPath);
                } catch (PathException e) {
                    path = null;
                }
                columns.add(column);
                crColumns.add(new CrColumn(column, path));
            }
        }
        List<Column> headers = List.copyOf(columns);
        return printer(headers, (o, now, cells) -> {
            cells.add(name(o));
            for (CrColumn c : crColumns) {
                cells.add(crCell(c, o, now));
            }
        });
    }

    private static JsonNode crCell(CrColumn c, JsonNode object, Instant now) {
        if (c.path() == null) {
            return F.nullNode();
        }
        List<JsonNode> results;
        try {
            results = evaluate(List.of(object), c.path());
        } catch (PathException e) {
            return F.nullNode();
        }
        if (results.isEmpty()) {
            return F.nullNode();
        }
        JsonNode value = results.get(0);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return F.nullNode();
        }
        switch (c.column().type()) {
            case "string":
                return F.textNode(printValue(value));
            case "integer":
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    return F.numberNode(value.asLong());
                }
                return value.isNumber() ? F.numberNode((long) value.asDouble()) : F.nullNode();
            case "number":
                return value.isNumber() ? F.numberNode(value.asDouble()) : F.nullNode();
            case "boolean":
                return value.isBoolean() ? value : F.nullNode();
            case "date":
                if (!value.isTextual()) {
                    return F.nullNode();
                }
                String s = value.asText();
                if (s.isEmpty() || s.equals("null")) {
                    return F.textNode("<unknown>");
                }
                Instant t = parseTime(value);
                return F.textNode(t == null ? "<invalid>" : humanDuration(Duration.between(t, now)));
            default:
                return F.nullNode();
        }
    }

    /** How client-go's jsonpath prints one value: strings raw, scalars as Go's fmt, maps and lists as JSON. */
    static String printValue(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isContainerNode()) {
            StringBuilder sb = new StringBuilder();
            writeGoJson(value, sb);
            return sb.toString();
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isBoolean()) {
            return Boolean.toString(value.asBoolean());
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Long.toString(value.asLong());
        }
        if (value.isNumber()) {
            return goFloat(value.asDouble(), false);
        }
        return value.asText();
    }

    /** Go's %v (shortest 'g', exponent when exp < -4 || exp >= 21) or encoding/json float formatting. */
    private static String goFloat(double d, boolean json) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0 && !json) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        boolean useExp = json ? (Math.abs(d) < 1e-6 || Math.abs(d) >= 1e21) : (exp < -4 || exp >= 21);
        if (!useExp) {
            return bd.toPlainString();
        }
        String digits = bd.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int abs = Math.abs(exp);
        if (abs < 10 && !json) {
            sb.append('0');
        }
        sb.append(abs);
        return sb.toString();
    }

    /** Compact JSON as Go's encoding/json writes a map[string]interface{}: sorted keys, HTML-safe escapes. */
    private static void writeGoJson(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                writeGoString(e.getKey(), sb);
                sb.append(':');
                writeGoJson(e.getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                writeGoJson(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isTextual()) {
            writeGoString(node.asText(), sb);
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            sb.append(node.asLong());
        } else if (node.isNumber()) {
            sb.append(goFloat(node.asDouble(), true));
        } else if (node.isBoolean()) {
            sb.append(node.asBoolean());
        } else {
            sb.append("null");
        }
    }

    private static void writeGoString(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    // ------------------------------------------------------------------------------------------------------------
    // Time formatting

    /**
     * apimachinery's duration.HumanDuration: ~2-3 significant figures ("45s", "5m12s", "3h10m", "2d4h", "2y30d").
     * A duration below -1s is "&lt;invalid&gt;".
     */
    static String humanDuration(Duration d) {
        long seconds = d.isNegative() ? -d.negated().getSeconds() : d.getSeconds();
        // Go's time.Duration saturates at ~292 years.
        seconds = Math.min(seconds, Long.MAX_VALUE / 1_000_000_000L);
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** translateTimestampSince: "&lt;unknown&gt;" when unset, else the human duration since the timestamp. */
    private static String timestampSince(JsonNode timestamp, Instant now) {
        if (isZeroTime(timestamp)) {
            return "<unknown>";
        }
        Instant t = parseTime(timestamp);
        return t == null ? "<unknown>" : humanDuration(Duration.between(t, now));
    }

    private static boolean isZeroTime(JsonNode timestamp) {
        return timestamp == null || timestamp.isNull() || !timestamp.isTextual() || timestamp.asText().isEmpty();
    }

    private static String age(JsonNode object, Instant now) {
        return timestampSince(object.path("metadata").get("creationTimestamp"), now);
    }

    private static String createdAt(JsonNode timestamp) {
        Instant t = parseTime(timestamp);
        if (t == null) {
            return timestamp != null && timestamp.isTextual() && !timestamp.asText().isEmpty()
                    ? timestamp.asText() : "0001-01-01T00:00:00Z";
        }
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static Instant parseTime(JsonNode timestamp) {
        if (timestamp == null || !timestamp.isTextual() || timestamp.asText().isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(timestamp.asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b != null && b.isAfter(a) ? b : a;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Small helpers

    private static String name(JsonNode object) {
        return text(object.path("metadata").get("name"));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || node.isContainerNode() ? "" : node.asText();
    }

    private static void copyText(JsonNode from, ObjectNode to, String field) {
        String value = text(from.get(field));
        if (!value.isEmpty()) {
            to.put(field, value);
        }
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(text(n));
        }
        return out;
    }

    /** labels.FormatLabels: sorted k=v pairs joined by ",", "" when empty. */
    private static String formatLabels(JsonNode map) {
        TreeMap<String, String> sorted = new TreeMap<>();
        map.fields().forEachRemaining(e -> sorted.put(e.getKey(), text(e.getValue())));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** LabelSelectorAsSelector(...).String(): requirements sorted by key. */
    private static String formatSelector(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        TreeMap<String, List<String>> byKey = new TreeMap<>();
        selector.path("matchLabels").fields().forEachRemaining(
                e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + text(e.getValue())));
        for (JsonNode expr : selector.path("matchExpressions")) {
            String key = text(expr.get("key"));
            TreeSet<String> values = new TreeSet<>(strings(expr.path("values")));
            String req = switch (text(expr.get("operator"))) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> "<invalid>";
            };
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(req);
        }
        List<String> parts = new ArrayList<>();
        byKey.values().forEach(parts::addAll);
        return String.join(",", parts);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Kubernetes JSONPath (the subset printer columns use)

    /**
     * Evaluates a Kubernetes JSONPath expression ({@code .a.b}, {@code .a[0]}, {@code .a[-1]}, {@code .a[1:3]},
     * {@code .a[*].b}, {@code .a['k']}, {@code .a[0,2]}, {@code ..b}, {@code .*}, {@code .a[?(@.type=="Ready")].status},
     * {@code [?(@.x)]}; the surrounding braces are optional). Missing keys give no match; an evaluation error (index
     * out of range, filtering a non-list, incomparable types) gives no match either, as printer columns treat it.
     */
    static List<JsonNode> jsonPath(JsonNode root, String expression) {
        try {
            return evaluate(List.of(root), parse(expression));
        } catch (PathException e) {
            return List.of();
        }
    }

    static final class PathException extends RuntimeException {
        PathException(String message) {
            super(message);
        }
    }

    private sealed interface Node permits FieldNode, WildcardNode, RecursiveNode, ArrayNodeSel, UnionNode, FilterNode,
            TextNode, IntNode, FloatNode, BoolNode {
    }

    private record FieldNode(String name) implements Node {
    }

    private record WildcardNode() implements Node {
    }

    private record RecursiveNode() implements Node {
    }

    /** start/end/step: null when not given; endDerived when only an index was given. */
    private record ArrayNodeSel(Integer start, Integer end, boolean endDerived, Integer step) implements Node {
    }

    private record UnionNode(List<List<Node>> parts) implements Node {
    }

    private record FilterNode(List<Node> left, String operator, List<Node> right) implements Node {
    }

    private record TextNode(String text) implements Node {
    }

    private record IntNode(long value) implements Node {
    }

    private record FloatNode(double value) implements Node {
    }

    private record BoolNode(boolean value) implements Node {
    }

    private static final Pattern SLICE = Pattern.compile("^(-?\\d*)(:-?\\d*)?(:-?\\d*)?$");
    private static final Pattern DICT_KEY = Pattern.compile("^'([^']*)'$");
    private static final Pattern FILTER = Pattern.compile("^([^!<>=]+)([!<>=]+)(.+?)$", Pattern.DOTALL);

    static List<Node> parse(String expression) {
        String s = expression.strip();
        if (s.startsWith("{")) {
            if (!s.endsWith("}")) {
                throw new PathException("unclosed action");
            }
            s = s.substring(1, s.length() - 1);
        }
        List<Node> nodes = new ArrayList<>();
        parseAction(s, nodes);
        return nodes;
    }

    private static boolean isTerminator(char c) {
        return switch (c) {
            case ' ', '\t', '\r', '\n', '.', ',', '[', ']', '$', '@', '{', '}' -> true;
            default -> false;
        };
    }

    private static boolean isAlphaNumeric(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static void parseAction(String s, List<Node> out) {
        int pos = 0;
        int n = s.length();
        while (pos < n) {
            if (s.startsWith("[?(", pos)) {
                pos = parseFilter(s, pos + 3, out);
                continue;
            }
            if (s.startsWith("..", pos)) {
                if (!out.isEmpty() && out.get(out.size() - 1) instanceof RecursiveNode) {
                    throw new PathException("invalid multiple recursive descent");
                }
                out.add(new RecursiveNode());
                pos += 2;
                if (pos < n && isAlphaNumeric(s.charAt(pos))) {
                    pos = parseField(s, pos, out);
                }
                continue;
            }
            char c = s.charAt(pos);
            if (c == ' ' || c == '\t' || c == '@' || c == '$') {
                pos++;
            } else if (c == '[') {
                int close = s.indexOf(']', pos);
                if (close < 0) {
                    throw new PathException("unterminated array");
                }
                parseArray(s.substring(pos + 1, close), out);
                pos = close + 1;
            } else if (c == '"' || c == '\'') {
                int i = pos + 1;
                while (i < n && !(s.charAt(i) == c && s.charAt(i - 1) != '\\')) {
                    i++;
                }
                if (i >= n) {
                    throw new PathException("unterminated quoted string");
                }
                out.add(new TextNode(unquote(s.substring(pos + 1, i))));
                pos = i + 1;
            } else if (c == '.') {
                pos = parseField(s, pos + 1, out);
            } else if (c == '+' || c == '-' || Character.isDigit(c)) {
                int i = pos + 1;
                while (i < n && (s.charAt(i) == '.' || Character.isDigit(s.charAt(i)))) {
                    i++;
                }
                String num = s.substring(pos, i);
                try {
                    out.add(new IntNode(Long.parseLong(num.startsWith("+") ? num.substring(1) : num)));
                } catch (NumberFormatException e) {
                    try {
                        out.add(new FloatNode(Double.parseDouble(num)));
                    } catch (NumberFormatException e2) {
                        throw new PathException("cannot parse number " + num);
                    }
                }
                pos = i;
            } else if (isAlphaNumeric(c)) {
                int i = pos;
                while (i < n && !isTerminator(s.charAt(i))) {
                    i++;
                }
                String word = s.substring(pos, i);
                if (word.equals("true") || word.equals("false")) {
                    out.add(new BoolNode(Boolean.parseBoolean(word)));
                } else {
                    throw new PathException("unsupported identifier " + word);
                }
                pos = i;
            } else {
                throw new PathException("unrecognized character in action: " + c);
            }
        }
    }

    private static int parseField(String s, int pos, List<Node> out) {
        StringBuilder name = new StringBuilder();
        int i = pos;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                name.append(s.charAt(i + 1));
                i += 2;
                continue;
            }
            if (isTerminator(c)) {
                break;
            }
            name.append(c);
            i++;
        }
        String value = name.toString();
        out.add(value.equals("*") ? new WildcardNode() : new FieldNode(value));
        return i;
    }

    private static void parseArray(String text, List<Node> out) {
        if (text.equals("*")) {
            text = ":";
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 1) {
            List<List<Node>> union = new ArrayList<>();
            for (String part : parts) {
                List<Node> nodes = new ArrayList<>();
                parseAction("[" + part.strip() + "]", nodes);
                union.add(nodes);
            }
            out.add(new UnionNode(union));
            return;
        }
        Matcher dict = DICT_KEY.matcher(text);
        if (dict.matches()) {
            parseAction("." + dict.group(1), out);
            return;
        }
        Matcher m = SLICE.matcher(text);
        if (!m.matches()) {
            throw new PathException("invalid array index " + text);
        }
        Integer start = m.group(1).isEmpty() ? null : parseIndex(m.group(1));
        Integer end;
        boolean derived = false;
        if (m.group(2) == null) {
            end = (start == null ? 0 : start) + 1;
            derived = true;
        } else {
            String e = m.group(2).substring(1);
            end = e.isEmpty() ? null : parseIndex(e);
        }
        Integer step = null;
        if (m.group(3) != null) {
            String st = m.group(3).substring(1);
            step = st.isEmpty() ? null : parseIndex(st);
        }
        out.add(new ArrayNodeSel(start, end, derived, step));
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new PathException("array index " + s + " is not a number");
        }
    }

    private static int parseFilter(String s, int pos, List<Node> out) {
        int i = pos;
        boolean begin = false;
        boolean end = false;
        char pair = 0;
        while (true) {
            if (i >= s.length() || s.charAt(i) == '\n') {
                throw new PathException("unterminated filter");
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                if (!begin) {
                    begin = true;
                    pair = c;
                } else if (c == pair && s.charAt(i - 1) != '\\') {
                    end = true;
                }
            } else if (c == ')' && begin == end) {
                break;
            }
            i++;
        }
        if (i + 1 >= s.length() || s.charAt(i + 1) != ']') {
            throw new PathException("unclosed array expect ]");
        }
        String text = s.substring(pos, i);
        Matcher m = FILTER.matcher(text);
        if (!m.matches()) {
            List<Node> left = new ArrayList<>();
            parseAction(text, left);
            out.add(new FilterNode(left, "exists", List.of()));
        } else {
            List<Node> left = new ArrayList<>();
            List<Node> right = new ArrayList<>();
            parseAction(m.group(1), left);
            parseAction(m.group(3), right);
            out.add(new FilterNode(left, m.group(2), right));
        }
        return i + 2;
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char next = s.charAt(++i);
                switch (next) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(next);
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static List<JsonNode> evaluate(List<JsonNode> input, List<Node> nodes) {
        List<JsonNode> current = input;
        for (Node node : nodes) {
            current = step(current, node);
        }
        return current;
    }

    private static boolean isNil(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    private static List<JsonNode> step(List<JsonNode> input, Node node) {
        List<JsonNode> out = new ArrayList<>();
        if (node instanceof FieldNode f) {
            for (JsonNode v : input) {
                if (!isNil(v) && v.isObject() && v.has(f.name())) {
                    out.add(v.get(f.name()));
                }
            }
        } else if (node instanceof WildcardNode) {
            for (JsonNode v : input) {
                if (!isNil(v) && v.isContainerNode()) {
                    v.elements().forEachRemaining(out::add);
                }
            }
        } else if (node instanceof RecursiveNode) {
            for (JsonNode v : input) {
                recurse(v, out);
            }
        } else if (node instanceof ArrayNodeSel a) {
            for (JsonNode v : input) {
                if (isNil(v)) {
                    continue;
                }
                if (!v.isArray()) {
                    throw new PathException("not array or slice");
                }
                int len = v.size();
                int s = a.start() == null ? 0 : a.start();
                if (s < 0) {
                    s += len;
                }
                int e = a.end() == null ? len : a.end();
                if (e < 0 || (e == 0 && a.endDerived())) {
                    e += len;
                }
                if (e == s) {
                    return out;
                }
                if (s >= len || s < 0 || e > len || e < 0 || s > e) {
                    throw new PathException("array index out of bounds");
                }
                int stepSize = 1;
                if (a.step() != null) {
                    if (a.step() <= 0) {
                        throw new PathException("step must be > 0");
                    }
                    stepSize = a.step();
                }
                for (int i = s; i < e; i += stepSize) {
                    out.add(v.get(i));
                }
            }
        } else if (node instanceof UnionNode u) {
            for (List<Node> part : u.parts()) {
                out.addAll(evaluate(input, part));
            }
        } else if (node instanceof FilterNode f) {
            for (JsonNode v : input) {
                if (isNil(v) || !v.isArray()) {
                    throw new PathException("not array or slice and cannot be filtered");
                }
                for (JsonNode item : v) {
                    if (filterMatches(item, f)) {
                        out.add(item);
                    }
                }
            }
        } else if (node instanceof TextNode t) {
            out.add(F.textNode(t.text()));
        } else if (node instanceof IntNode i) {
            input.forEach(v -> out.add(F.numberNode(i.value())));
        } else if (node instanceof FloatNode fl) {
            input.forEach(v -> out.add(F.numberNode(fl.value())));
        } else if (node instanceof BoolNode b) {
            input.forEach(v -> out.add(F.booleanNode(b.value())));
        }
        return out;
    }

    private static void recurse(JsonNode v, List<JsonNode> out) {
        if (isNil(v) || !v.isContainerNode() || v.size() == 0) {
            return;
        }
        out.add(v);
        for (Iterator<JsonNode> it = v.elements(); it.hasNext(); ) {
            recurse(it.next(), out);
        }
    }

    private static boolean filterMatches(JsonNode item, FilterNode f) {
        List<JsonNode> lefts;
        if (f.operator().equals("exists")) {
            try {
                lefts = evaluate(List.of(item), f.left());
            } catch (PathException e) {
                return false;
            }
            return !lefts.isEmpty();
        }
        lefts = evaluate(List.of(item), f.left());
        if (lefts.isEmpty()) {
            return false;
        }
        if (lefts.size() > 1) {
            throw new PathException("can only compare one element at a time");
        }
        List<JsonNode> rights = evaluate(List.of(item), f.right());
        if (rights.isEmpty()) {
            return false;
        }
        if (rights.size() > 1) {
            throw new PathException("can only compare one element at a time");
        }
        return compare(lefts.get(0), rights.get(0), f.operator());
    }

    private enum Kind { BOOL, INT, FLOAT, STRING }

    private static Kind kindOf(JsonNode v) {
        if (v.isTextual()) {
            return Kind.STRING;
        }
        if (v.isBoolean()) {
            return Kind.BOOL;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Kind.INT;
        }
        if (v.isNumber()) {
            return Kind.FLOAT;
        }
        throw new PathException("invalid type for comparison");
    }

    /** text/template's eq/ne/lt/...: both sides must be of the same basic kind. */
    private static boolean compare(JsonNode left, JsonNode right, String op) {
        Kind k = kindOf(left);
        if (k != kindOf(right)) {
            throw new PathException("incompatible types for comparison");
        }
        int cmp;
        switch (k) {
            case STRING -> cmp = left.asText().compareTo(right.asText());
            case INT -> cmp = Long.compare(left.asLong(), right.asLong());
            case FLOAT -> cmp = Double.compare(left.asDouble(), right.asDouble());
            default -> {
                if (op.equals("==")) {
                    return left.asBoolean() == right.asBoolean();
                }
                if (op.equals("!=")) {
                    return left.asBoolean() != right.asBoolean();
                }
                throw new PathException("invalid type for comparison");
            }
        }
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case ">" -> cmp > 0;
            case "<=" -> cmp <= 0;
            case ">=" -> cmp >= 0;
            default -> throw new PathException("unrecognized filter operator " + op);
        };
    }
}
