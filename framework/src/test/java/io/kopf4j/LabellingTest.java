package io.kopf4j;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1CronJobSpec;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1DeploymentSpec;
import io.kubernetes.client.openapi.models.V1JobTemplateSpec;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodTemplateSpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.kopf4j.HierarchyFixtures.at;
import static io.kopf4j.HierarchyFixtures.json;
import static io.kopf4j.HierarchyFixtures.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabellingTest {
    private static final Map<String, String> LABELS = Map.of("label-1", "value-1", "label-2", "value-2");

    @Test
    void labelsAreAddedToAnEmptyMap() {
        Map<String, Object> child = new HashMap<>();
        Kopf.label(child, LABELS);
        assertEquals(LABELS, at(child, "metadata", "labels"));
    }

    @Test
    void labelsAreAddedToAnObjectNode() {
        ObjectNode child = json("{}");
        Kopf.label(child, LABELS);
        assertEquals(json("""
                {"label-1": "value-1", "label-2": "value-2"}"""), child.at("/metadata/labels"));
    }

    @Test
    void labelsAreAddedToAModelWithoutMetadata() {
        V1Pod pod = new V1Pod();
        Kopf.label(pod, LABELS);
        assertEquals(LABELS, pod.getMetadata().getLabels());
    }

    @Test
    void existingValuesAreKeptByDefault() {
        Map<String, Object> child = map("""
                {"metadata": {"labels": {"label-1": "old"}}}""");
        ObjectNode node = json("""
                {"metadata": {"labels": {"label-1": "old"}}}""");
        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().labels(Map.of("label-1", "old")));
        Kopf.label(child, LABELS);
        Kopf.label(node, LABELS);
        Kopf.label(pod, LABELS, false);
        assertEquals(Map.of("label-1", "old", "label-2", "value-2"), at(child, "metadata", "labels"));
        assertEquals("old", node.at("/metadata/labels/label-1").textValue());
        assertEquals(Map.of("label-1", "old", "label-2", "value-2"), pod.getMetadata().getLabels());
    }

    @Test
    void forcedLabellingOverwritesExistingValues() {
        Map<String, Object> child = map("""
                {"metadata": {"labels": {"label-1": "old", "own": "x"}}}""");
        ObjectNode node = json("""
                {"metadata": {"labels": {"label-1": "old"}}}""");
        V1Pod pod = new V1Pod().metadata(new V1ObjectMeta().labels(Map.of("label-1", "old")));
        Kopf.label(child, LABELS, true);
        Kopf.label(node, LABELS, true);
        Kopf.label(pod, LABELS, true);
        assertEquals(Map.of("label-1", "value-1", "label-2", "value-2", "own", "x"),
                at(child, "metadata", "labels"));
        assertEquals("value-1", node.at("/metadata/labels/label-1").textValue());
        assertEquals(LABELS, pod.getMetadata().getLabels());
    }

    @Test
    void nestedTemplatesOfMapsAreLabelledAndAbsentOnesSkipped() {
        Map<String, Object> child = map("""
                {"metadata": {"labels": {"label-1": "old"}}, "spec": {"jobTemplate": {}}}""");
        Kopf.label(child, LABELS, "spec.jobTemplate", "spec.unexistent");
        assertEquals(Map.of("label-1", "old", "label-2", "value-2"), at(child, "metadata", "labels"));
        assertEquals(LABELS, at(child, "spec", "jobTemplate", "metadata", "labels"));
        assertFalse(at(child, "spec").containsKey("unexistent"));
    }

    @Test
    void nestedTemplatesFollowTheForceFlag() {
        ObjectNode child = json("""
                {"spec": {"template": {"metadata": {"labels": {"label-1": "old"}}}}}""");
        Kopf.label(child, LABELS, false, "spec.template");
        assertEquals("old", child.at("/spec/template/metadata/labels/label-1").textValue());
        Kopf.label(child, LABELS, true, "spec.template");
        assertEquals("value-1", child.at("/spec/template/metadata/labels/label-1").textValue());
        assertEquals("value-2", child.at("/metadata/labels/label-2").textValue());
    }

    @Test
    void nestedPodTemplateOfADeploymentModelIsLabelled() {
        V1Deployment deployment = new V1Deployment().spec(new V1DeploymentSpec().template(new V1PodTemplateSpec()));
        Kopf.label(deployment, LABELS, "spec.template", "spec.unexistent", "status.whatever");
        assertEquals(LABELS, deployment.getMetadata().getLabels());
        assertEquals(LABELS, deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void nestedJobTemplateOfACronJobModelIsLabelled() {
        V1CronJob cronJob = new V1CronJob().spec(new V1CronJobSpec().jobTemplate(new V1JobTemplateSpec()
                .metadata(new V1ObjectMeta().labels(Map.of("label-1", "old")))));
        Kopf.label(cronJob, LABELS, true, "spec.jobTemplate");
        assertEquals(LABELS, cronJob.getSpec().getJobTemplate().getMetadata().getLabels());
    }

    @Test
    void absentNestedParentsAreSkipped() {
        V1Deployment deployment = new V1Deployment();
        Kopf.label(deployment, LABELS, "spec.template");
        assertEquals(LABELS, deployment.getMetadata().getLabels());
        assertEquals(null, deployment.getSpec());
    }

    @Test
    void nestedFieldsThatAreNotObjectsAreReported() {
        Map<String, Object> child = map("""
                {"spec": {"replicas": 3}}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Kopf.label(child, LABELS, "spec.replicas"));
        assertEquals("The child's spec.replicas is not an object: java.lang.Integer", e.getMessage());

        V1Deployment deployment = new V1Deployment().spec(new V1DeploymentSpec().replicas(3));
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> Kopf.label(deployment, LABELS, "spec.replicas"));
        assertTrue(m.getMessage().contains("spec.replicas is not an object with metadata"), m.getMessage());
    }

    @Test
    void malformedMetadataIsReported() {
        ObjectNode child = json("""
                {"metadata": "oops"}""");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kopf.label(child, LABELS));
        assertEquals("The child's metadata is not an object: STRING", e.getMessage());
    }
}
