package io.kopf4j.internal.cluster;

/**
 * HTTP 403: RBAC (or an admission plugin) forbids the request. The message names the verb and the resource the
 * request needed, with a hint on what to grant, e.g. {@code ... the operator needs RBAC permission to "list"
 * "kopfexamples.kopf.dev" cluster-wide (check its ClusterRole and binding)}.
 *
 * <p>Not API. Kopf: {@code kopf/_cogs/clients/errors.py}.
 */
public class ApiForbiddenError extends ApiClientError {
    private final RequestTarget target;

    ApiForbiddenError(Failure failure, Throwable cause) {
        this(failure, RequestTarget.of(failure.method(), failure.path()), cause);
    }

    private ApiForbiddenError(Failure failure, RequestTarget target, Throwable cause) {
        super(failure, explain(failure, target), cause);
        this.target = target;
    }

    /** The verb the request needed, as RBAC names it: get, list, watch, create, update, patch, delete, ... */
    public String verb() {
        return target.verb();
    }

    /** The resource as RBAC names it ({@code plural.group}, {@code plural/sub}), or the non-resource URL. */
    public String resource() {
        return target.resource();
    }

    private static String explain(Failure f, RequestTarget t) {
        StringBuilder m = new StringBuilder("403 Forbidden for ").append(f.method()).append(' ').append(f.path());
        if (f.statusMessage() != null) {
            m.append(": ").append(f.statusMessage());
        } else if (f.text() != null) {
            m.append(": ").append(f.text());
        }
        m.append(". The operator needs RBAC permission to \"").append(t.verb()).append("\" ");
        if (t.nonResourceUrl()) {
            m.append("the non-resource URL \"").append(t.resource()).append("\" (check its ClusterRole and binding)");
        } else if (t.namespace() != null) {
            m.append('"').append(t.resource()).append("\" in namespace \"").append(t.namespace())
                    .append("\" (check its Role or ClusterRole and the binding in that namespace)");
        } else {
            m.append('"').append(t.resource()).append("\" cluster-wide (check its ClusterRole and binding)");
        }
        return m.toString();
    }
}
