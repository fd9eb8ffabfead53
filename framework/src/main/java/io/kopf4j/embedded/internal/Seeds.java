package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** What a fresh cluster has: the default namespaces. Not API. */
public final class Seeds {
    private Seeds() {
    }

    public static void namespaces(Resources resources) {
        ResourceType ns = new Catalog().find("", "v1", "namespaces").orElseThrow();
        for (String name : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode obj = Json.object();
            obj.put("apiVersion", "v1");
            obj.put("kind", "Namespace");
            obj.putObject("metadata").put("name", name);
            resources.create(ns, null, obj, Resources.WriteOptions.DEFAULT);
        }
    }
}
