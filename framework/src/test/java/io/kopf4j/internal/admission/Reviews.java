package io.kopf4j.internal.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kopf4j.Events;
import io.kopf4j.Memo;
import io.kopf4j.internal.handling.RealMemo;
import io.kopf4j.internal.indexing.Indices;
import io.kopf4j.internal.model.ResourceKind;
import io.kopf4j.internal.registry.AdmissionSpec;
import io.kopf4j.internal.registry.AnnotationScanner;
import io.kopf4j.internal.util.HandlerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds admission reviews and processors over annotated test operators, and reads responses. */
final class Reviews {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceKind KOPFEXAMPLES = new ResourceKind("kopf.dev", "v1", "kopfexamples", "kopfexample",
            "KopfExample", Set.of("kex"), Set.of(), true, Set.of("get", "list", "watch", "create"),
            Set.of("status"), true);
    static final ResourceKind PODS = new ResourceKind("", "v1", "pods", "pod", "Pod", Set.of("po"), Set.of(), true,
            Set.of("get", "list", "watch", "create"), Set.of("status", "exec"), true);

    private Reviews() {
    }

    /** What the handlers were given: Events posted and the dry-run flags the collaborators were asked with. */
    static final class Recorder implements ReviewProcessor.Collaborators {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Boolean> dryRuns = new CopyOnWriteArrayList<>();
        final List<Boolean> ephemeralMemos = new CopyOnWriteArrayList<>();
        final HandlerMetrics metrics = new HandlerMetrics();

        @Override
        public Logger logger(ResourceKind resource, JsonNode body, boolean dryRun) {
            dryRuns.add(dryRun);
            return LoggerFactory.getLogger("kopf4j.objects");
        }

        @Override
        public Events events(boolean dryRun) {
            return new Events() {
                @Override
                public void event(Object object, String type, String reason, String message) {
                    if (!dryRun) {
                        events.add(type + " " + reason + ": " + message);
                    }
                }

                @Override
                public void info(Object object, String reason, String message) {
                    event(object, "Normal", reason, message);
                }

                @Override
                public void warn(Object object, String reason, String message) {
                    event(object, "Warning", reason, message);
                }

                @Override
                public void exception(Object object, String reason, Throwable error) {
                    event(object, "Warning", reason, String.valueOf(error));
                }
            };
        }

        @Override
        public Memo memo(ResourceKind resource, JsonNode body, boolean ephemeral) {
            ephemeralMemos.add(ephemeral);
            return new RealMemo();
        }

        @Override
        public Indices indices() {
            return Indices.none();
        }

        @Override
        public HandlerMetrics metrics() {
            return metrics;
        }
    }

    /** A processor for the operator's admission handlers, its resources resolved against the given ones. */
    static ReviewProcessor processor(Object operator, Recorder recorder, ResourceKind... served) {
        List<AdmissionSpec> specs = AnnotationScanner.scanAdmission(operator);
        ReviewProcessor processor = new ReviewProcessor(specs, recorder);
        processor.resources(AdmissionResources.resolve(specs,
                List.of(served.length == 0 ? new ResourceKind[]{KOPFEXAMPLES} : served), new HashSet<>()));
        return processor;
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kopfexamples review request of the version, for the operation, with the objects (JSON or null). */
    static ObjectNode review(String version, String operation, String object, String oldObject) {
        ObjectNode review = json("""
                {"apiVersion":"admission.k8s.io/%s","kind":"AdmissionReview","request":{
                  "uid":"705ab4f5-6393-11e8-b7cc-42010a800002",
                  "kind":{"group":"kopf.dev","version":"v1","kind":"KopfExample"},
                  "resource":{"group":"kopf.dev","version":"v1","resource":"kopfexamples"},
                  "requestKind":{"group":"kopf.dev","version":"v1","kind":"KopfExample"},
                  "requestResource":{"group":"kopf.dev","version":"v1","resource":"kopfexamples"},
                  "name":"kex1","namespace":"default","operation":"%s",
                  "userInfo":{"username":"admin","uid":"014fbff9","groups":["system:authenticated"],
                              "extra":{"scopes":["a","b"]}},
                  "dryRun":false}}""".formatted(version, operation));
        ObjectNode request = (ObjectNode) review.get("request");
        request.set("object", object == null ? null : json(object));
        request.set("oldObject", oldObject == null ? null : json(oldObject));
        return review;
    }

    static ObjectNode create(String object) {
        return review("v1", "CREATE", object, null);
    }

    static String kex(String labels, String spec) {
        return "{\"apiVersion\":\"kopf.dev/v1\",\"kind\":\"KopfExample\",\"metadata\":{\"name\":\"kex1\","
                + "\"namespace\":\"default\",\"labels\":" + labels + "},\"spec\":" + spec + "}";
    }

    /** The response's decoded JSON-patch, or an empty list without one. */
    static List<JsonNode> patch(JsonNode review) {
        JsonNode response = review.path("response");
        List<JsonNode> ops = new ArrayList<>();
        if (response.has("patch")) {
            try {
                JSON.readTree(new String(Base64.getDecoder().decode(response.path("patch").asText()),
                        StandardCharsets.UTF_8)).forEach(ops::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ops;
    }
}
