package io.kopf4j.examples.indexing;

import io.kopf4j.Index;
import io.kopf4j.Indexed;
import io.kopf4j.Labels;
import io.kopf4j.Name;
import io.kopf4j.Namespace;
import io.kopf4j.On;
import io.kopf4j.Patch;
import io.kopf4j.Status;
import org.slf4j.Logger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kopf's example 16: in-memory indices over all pods, kept current on every pod event, and used by other handlers:
 * probes (reported through the liveness endpoint) and a timer that writes the running pods of {@code kube-system} and
 * {@code default} into each KopfExample's {@code status.running-pods}. An index maps keys to the values of all objects
 * that gave that key; a handler gets it injected by the index handler's id with {@link Indexed}.
 */
public class IndexingOperator {

    /** A pod's key in the index: Kopf's {@code (namespace, name)} tuple. */
    public record PodRef(String namespace, String name) {
    }

    /** A label and its value. */
    public record LabelRef(String label, String value) {
    }

    /** Whether each pod is running: one key per pod. */
    @On.Index("pods")
    Map<PodRef, Boolean> isRunning(Namespace namespace, Name name, Status status) {
        return Map.of(new PodRef(namespace.value(), name.value()), "Running".equals(status.get("phase")));
    }

    /** The names of the pods with each label value: one key per label of a pod, shared by the pods with it. */
    @On.Index("pods")
    Map<LabelRef, String> byLabel(Labels labels, Name name) {
        return labels.entrySet().stream().collect(Collectors.toMap(e -> new LabelRef(e.getKey(), e.getValue()),
                e -> name.value()));
    }

    @On.Probe
    int podCount(@Indexed("isRunning") Index<PodRef, Boolean> isRunning) {
        return isRunning.size();
    }

    @On.Probe
    List<String> podNames(@Indexed("isRunning") Index<PodRef, Boolean> isRunning) {
        return isRunning.keySet().stream().map(PodRef::name).sorted().collect(Collectors.toList());
    }

    @On.Timer(value = "kex", interval = 5)
    void intervalled(@Indexed("isRunning") Index<PodRef, Boolean> isRunning,
                     @Indexed("byLabel") Index<LabelRef, String> byLabel, Patch patch, Logger logger) {
        Map<String, List<String>> labelled = new TreeMap<>();
        for (LabelRef key : byLabel.keySet()) {
            labelled.put(key.label() + "=" + key.value(), byLabel.get(key).values());
        }
        logger.info("Pods by label: {}", labelled.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        patch.status().put("running-pods", isRunning.keySet().stream()
                .filter(pod -> List.of("kube-system", "default").contains(pod.namespace()))
                .filter(pod -> isRunning.get(pod).contains(true))
                .map(pod -> pod.namespace() + "::" + pod.name())
                .sorted()
                .collect(Collectors.toList()));
    }
}
