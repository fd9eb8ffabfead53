package io.kopf4j.internal.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/** The objects the cluster tests create: CRDs, APIServices, objects. JSON written with single quotes. */
final class Manifests {
    private Manifests() {
    }

    static JsonNode json(String singleQuoted) {
        try {
            return ClusterApi.json().readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A CRD with one served version, the status subresource, and the given names. */
    static JsonNode crd(String group, String version, String plural, String kind, String scope, String... shortNames) {
        StringBuilder sn = new StringBuilder();
        for (String s : shortNames) {
            sn.append(sn.length() == 0 ? "" : ",").append('\'').append(s).append('\'');
        }
        return json("{'apiVersion':'apiextensions.k8s.io/v1','kind':'CustomResourceDefinition',"
                + "'metadata':{'name':'" + plural + "." + group + "'"
                + (group.endsWith("k8s.io") || group.endsWith("kubernetes.io")
                        ? ",'annotations':{'api-approved.kubernetes.io':'unapproved, test only'}" : "") + "},"
                + "'spec':{'group':'" + group + "','scope':'" + scope + "',"
                + "'names':{'plural':'" + plural + "','singular':'" + kind.toLowerCase() + "','kind':'" + kind
                + "','shortNames':[" + sn + "],'categories':['all']},"
                + "'versions':[{'name':'" + version + "','served':true,'storage':true,"
                + "'subresources':{'status':{}},"
                + "'schema':{'openAPIV3Schema':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}]}}");
    }

    /** An APIService for a group/version whose backing service does not exist (so it answers 503). */
    static JsonNode brokenApiService(String group, String version) {
        return json("{'apiVersion':'apiregistration.k8s.io/v1','kind':'APIService',"
                + "'metadata':{'name':'" + version + "." + group + "'},"
                + "'spec':{'group':'" + group + "','version':'" + version + "','groupPriorityMinimum':100,"
                + "'versionPriority':100,'insecureSkipTLSVerify':true,"
                + "'service':{'name':'metrics-server','namespace':'kube-system','port':443}}}");
    }
}
