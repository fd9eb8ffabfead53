package io.kopf4j.internal.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a request path addresses, in RBAC's terms: the verb, the resource ({@code plural.group}, with a
 * {@code /subresource}), the namespace and the name; or a non-resource URL such as {@code /apis}. Used to explain 403s.
 * Not API. Kopf has no counterpart (its 403s carry only the server's message).
 */
record RequestTarget(String verb, String resource, String namespace, String name, boolean nonResourceUrl) {

    static RequestTarget of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> parts = new ArrayList<>(Arrays.asList(path.replaceAll("^/+|/+$", "").split("/")));
        String group;
        int skip;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            skip = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            skip = 3;
        } else {
            return new RequestTarget(nonResourceVerb(method), path, null, null, true);
        }
        List<String> rest = parts.subList(skip, parts.size());
        if (rest.isEmpty()) {
            return new RequestTarget(nonResourceVerb(method), path, null, null, true);
        }
        String namespace = null;
        if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
            namespace = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        String plural = rest.get(0);
        String name = rest.size() >= 2 ? rest.get(1) : null;
        String sub = rest.size() >= 3 ? rest.get(2) : null;
        String resource = (group.isEmpty() ? plural : plural + "." + group) + (sub == null ? "" : "/" + sub);
        boolean watch = false;
        for (String param : query.split("&")) {
            int eq = param.indexOf('=');
            String key = eq < 0 ? param : param.substring(0, eq);
            String value = eq < 0 ? "" : param.substring(eq + 1);
            // Kubernetes' boolean parameters: absent, "0" or "false" (any case) are false; anything else is true.
            if (key.equals("watch") && !value.equals("0") && !value.equalsIgnoreCase("false")) {
                watch = true;
            }
        }
        String verb;
        switch (method.toUpperCase()) {
            case "GET":
                verb = name != null ? (watch ? "watch" : "get") : (watch ? "watch" : "list");
                break;
            case "POST":
                verb = "create";
                break;
            case "PUT":
                verb = "update";
                break;
            case "PATCH":
                verb = "patch";
                break;
            case "DELETE":
                verb = name != null ? "delete" : "deletecollection";
                break;
            default:
                verb = method.toLowerCase();
        }
        return new RequestTarget(verb, resource, namespace, name, false);
    }

    private static String nonResourceVerb(String method) {
        return method.toLowerCase();
    }
}
