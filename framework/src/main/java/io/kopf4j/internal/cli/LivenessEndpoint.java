package io.kopf4j.internal.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * Where the liveness probe is served ({@code -L/--liveness http://0.0.0.0:8080/healthz}): a host and port to bind and
 * the path to answer on. Kopf: {@code kopf/_core/engines/probing.py}, which also serves only {@code http}.
 *
 * @param host the host or address to bind, e.g. {@code 0.0.0.0}
 * @param port the TCP port, 1..65535
 * @param path the path of the probe, starting with {@code /}
 */
public record LivenessEndpoint(String host, int port, String path) {
    public LivenessEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(path, "path");
        if (host.isEmpty() || port < 1 || port > 65535 || !path.startsWith("/")) {
            throw new IllegalArgumentException("not a liveness endpoint: " + host + ":" + port + path);
        }
    }

    /**
     * Parses a URL such as {@code http://0.0.0.0:8080/healthz}: the scheme must be {@code http}, and the host, the
     * port and the path must all be given; no query, fragment or user info.
     *
     * @param url the URL
     * @return the endpoint
     * @throws IllegalArgumentException with the reason, if the URL is not such
     */
    public static LivenessEndpoint parse(String url) {
        if (!url.regionMatches(true, 0, "http://", 0, "http://".length())) {
            throw new IllegalArgumentException("the scheme must be http://");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL (" + e.getReason() + ")");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a host is needed");
        }
        if (uri.getPort() == -1) {
            throw new IllegalArgumentException("a port is needed");
        }
        if (uri.getRawPath() == null || uri.getRawPath().isEmpty()) {
            throw new IllegalArgumentException("a path is needed");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("no query, fragment or user info is allowed");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);  // an IPv6 literal, bindable as it is
        }
        return new LivenessEndpoint(host, uri.getPort(), uri.getPath());
    }

    /**
     * The normalised URL, for logs.
     *
     * @return e.g. {@code http://0.0.0.0:8080/healthz}
     */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port + path;
    }
}
