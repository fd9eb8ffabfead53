package io.kopf4j.embedded.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The transport of admission webhook calls: where a webhook is (its URL, or its service resolved as the real
 * server's ClusterIP resolver does), TLS that trusts only the webhook's {@code caBundle} (or the JDK's roots when it
 * is empty) and checks the host name as Go's crypto/x509 does, the call with its deadline, and every failure worded
 * as the real server's Go client words it, so that the error a client sees reads as on a real cluster.
 *
 * <p>The embedded server has no service network. A {@code clientConfig.service} is resolved from the stored
 * Service: a missing one fails with {@code service "x" not found}; an {@code ExternalName} service is called at its
 * external name (so a test can point one at {@code localhost}); every other type fails with
 * {@code connect: no route to host} for its cluster IP, since nothing can route to it. Each is a call failure, so
 * the webhook's {@code failurePolicy} applies. Not API.
 */
final class WebhookCaller {
    /** A failed call: the reason as it follows {@code failed calling webhook "x": } in the real server's error. */
    static final class CallFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CallFailure(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final int MAX_CLIENTS = 32;

    private final Store store;
    private final Map<String, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, HttpClient> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    WebhookCaller(Store store) {
        this.store = store;
    }

    /** Where to send a call: the URL the real server would name in its errors, and the address actually used. */
    private record Target(String nominal, URI actual, String serverName, String dialAddress) {
    }

    /**
     * Posts {@code review} to the webhook; completes with the parsed response body, or exceptionally with a
     * {@link CallFailure} (never blocks longer than the webhook's timeout).
     */
    CompletableFuture<JsonNode> call(Webhooks.Hook hook, ObjectNode review) {
        Target target;
        HttpClient client;
        try {
            target = target(hook);
            client = client(target, hook.client().caBundle());
        } catch (CallFailure f) {
            return CompletableFuture.failedFuture(f);
        }
        Duration timeout = Duration.ofSeconds(hook.timeoutSeconds());
        HttpRequest request = HttpRequest.newBuilder(target.actual())
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, */*")
                .header("User-Agent", "kube-apiserver-admission")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(review, false)))
                .build();
        CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request,
                HttpResponse.BodyHandlers.ofByteArray());
        return sent.orTimeout(hook.timeoutSeconds(), TimeUnit.SECONDS).handle((response, error) -> {
            if (error != null) {
                sent.cancel(true);
                throw new CompletionException(new CallFailure("failed to call webhook: Post "
                        + Selectors.goQuote(target.nominal()) + ": " + describe(unwrap(error), target)));
            }
            try {
                return decode(response);
            } catch (CallFailure f) {
                throw new CompletionException(f);
            }
        });
    }

    /** Waits for a call started by {@link #call}; its failure comes out as the {@link CallFailure}. */
    static JsonNode await(CompletableFuture<JsonNode> call) throws CallFailure {
        try {
            return call.get();
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof CallFailure f) {
                throw f;
            }
            throw new CallFailure("failed to call webhook: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            throw new CallFailure("failed to call webhook: context canceled");
        }
    }

    /** Forgets the cached clients (their threads end once they are unreferenced). */
    synchronized void close() {
        clients.clear();
    }

    // ------------------------------------------------------------------ where

    private Target target(Webhooks.Hook hook) throws CallFailure {
        Webhooks.ClientConfig cc = hook.client();
        String query = "?timeout=" + hook.timeoutSeconds() + "s";
        if (cc.url() != null) {
            URI uri;
            try {
                uri = new URI(cc.url() + query);
            } catch (URISyntaxException e) {
                throw new CallFailure("could not get REST client: parse " + Selectors.goQuote(cc.url())
                        + ": invalid URI");
            }
            if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new CallFailure("could not get REST client: unsupported URL " + Selectors.goQuote(cc.url()));
            }
            int port = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            return new Target(cc.url() + query, uri, null, hostPort(uri.getHost(), port));
        }
        if (cc.serviceName() == null) {
            throw new CallFailure("could not get REST client: webhook clientConfig has neither url nor service");
        }
        String serverName = cc.serviceName() + "." + cc.serviceNamespace() + ".svc";
        String path = cc.servicePath();
        String nominal = "https://" + serverName + ":" + cc.servicePort() + path + query;
        String failure = "failed to call webhook: Post " + Selectors.goQuote(nominal) + ": ";
        ObjectNode svc = store.get("core/services", cc.serviceNamespace(), cc.serviceName());
        if (svc == null) {
            throw new CallFailure(failure + "service " + Selectors.goQuote(cc.serviceName()) + " not found");
        }
        JsonNode spec = svc.path("spec");
        String type = Json.text(spec, "type").isEmpty() ? "ClusterIP" : Json.text(spec, "type");
        String clusterIp = Json.text(spec, "clusterIP");
        switch (type) {
            case "ExternalName": {
                String host = Json.text(spec, "externalName");
                try {
                    URI actual = new URI("https", null, host, cc.servicePort(), path.isEmpty() ? "/" : path,
                            query.substring(1), null);
                    return new Target(nominal, actual, serverName, hostPort(host, cc.servicePort()));
                } catch (URISyntaxException e) {
                    throw new CallFailure(failure + "invalid external name " + Selectors.goQuote(host));
                }
            }
            case "ClusterIP":
            case "NodePort":
            case "LoadBalancer": {
                if (type.equals("ClusterIP") && clusterIp.equals("None")) {
                    throw new CallFailure(failure + "cannot route to service with ClusterIP \"None\"");
                }
                boolean hasPort = false;
                for (JsonNode p : spec.path("ports")) {
                    hasPort |= p.path("port").asInt(-1) == cc.servicePort();
                }
                if (!hasPort) {
                    throw new CallFailure(failure + "no service port " + cc.servicePort() + " found for service "
                            + Selectors.goQuote(cc.serviceName()));
                }
                // No service network here: nothing routes to a cluster IP.
                throw new CallFailure(failure + "dial tcp " + hostPort(clusterIp, cc.servicePort())
                        + ": connect: no route to host");
            }
            default:
                throw new CallFailure(failure + "unsupported service type " + Selectors.goQuote(type));
        }
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    // ------------------------------------------------------------------ clients and trust

    private synchronized HttpClient client(Target target, String caBundle) throws CallFailure {
        boolean tls = target.actual().getScheme().equals("https");
        String key = tls ? "https|" + caBundle + "|" + (target.serverName() == null ? "" : target.serverName())
                : "http";
        HttpClient client = clients.get(key);
        if (client == null) {
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER);
            if (tls) {
                b.sslContext(sslContext(caBundle, target.serverName()));
            }
            client = b.build();
            clients.put(key, client);
        }
        return client;
    }

    /** A TLS context trusting only the PEM certificates of {@code caBundle} (base64), or the JDK's roots if empty. */
    static SSLContext sslContext(String caBundle, String serverName) throws CallFailure {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (caBundle == null || caBundle.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                tmf.init(trustStore(caBundle));
            }
            X509TrustManager roots = null;
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    roots = x;
                }
            }
            if (roots == null) {
                throw new CallFailure("could not get REST client: no X.509 trust manager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new GoStyleTrust(roots, serverName)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new CallFailure("could not get REST client: " + e.getMessage());
        }
    }

    private static KeyStore trustStore(String caBundle) throws CallFailure, GeneralSecurityException {
        byte[] pem;
        try {
            pem = Base64.getDecoder().decode(caBundle.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new CallFailure("could not get REST client: unable to load root certificates: unable to parse "
                    + "bytes as PEM block");
        }
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            certs = List.of();
        }
        if (certs.isEmpty()) {
            throw new CallFailure("could not get REST client: unable to load root certificates: unable to parse "
                    + "bytes as PEM block");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        return ks;
    }

    /**
     * Chain validation against the given roots, then the host-name check of Go's crypto/x509 (SANs only, a
     * wildcard only as the whole leftmost label), with Go's wording for both failures. The name checked is the
     * service's DNS name for service webhooks, else the host the connection was opened to.
     */
    static final class GoStyleTrust extends X509ExtendedTrustManager {
        private final X509TrustManager roots;
        private final String serverName;

        GoStyleTrust(X509TrustManager roots, String serverName) {
            this.roots = roots;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType, serverName != null ? serverName : engine == null ? null : engine.getPeerHost());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            String peer = socket instanceof SSLSocket s && s.getHandshakeSession() != null
                    ? s.getHandshakeSession().getPeerHost() : null;
            check(chain, authType, serverName != null ? serverName : peer);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType, serverName);
        }

        private void check(X509Certificate[] chain, String authType, String host) throws CertificateException {
            try {
                roots.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
                        throw new CertificateException("x509: certificate has expired or is not yet valid", e);
                    }
                }
                throw new CertificateException("x509: certificate signed by unknown authority", e);
            }
            if (host != null) {
                String problem = hostnameProblem(chain[0], host);
                if (problem != null) {
                    throw new CertificateException(problem);
                }
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("not a server trust manager");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("not a server trust manager");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return roots.getAcceptedIssuers();
        }
    }

    /** Go's x509 VerifyHostname: null when {@code host} is valid for the certificate, else Go's error text. */
    static String hostnameProblem(X509Certificate cert, String host) throws CertificateParsingException {
        List<String> dns = new ArrayList<>();
        List<byte[]> ips = new ArrayList<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                int kind = (Integer) san.get(0);
                if (kind == 2) {
                    dns.add((String) san.get(1));
                } else if (kind == 7) {
                    try {
                        ips.add(SelfSignedCertificate.parseIpLiteral((String) san.get(1)));
                    } catch (IllegalArgumentException ignored) {
                        // An address form we cannot compare; it matches nothing.
                    }
                }
            }
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] ip = ipLiteral(bare);
        if (ip != null) {
            for (byte[] candidate : ips) {
                if (Arrays.equals(candidate, ip)) {
                    return null;
                }
            }
            if (ips.isEmpty()) {
                return "x509: cannot validate certificate for " + bare + " because it doesn't contain any IP SANs";
            }
            List<String> valid = new ArrayList<>();
            for (List<?> san : sans) {
                if ((Integer) san.get(0) == 7) {
                    valid.add((String) san.get(1));
                }
            }
            return "x509: certificate is valid for " + String.join(", ", valid) + ", not " + bare;
        }
        String wanted = bare.toLowerCase(Locale.ROOT);
        if (wanted.endsWith(".")) {
            wanted = wanted.substring(0, wanted.length() - 1);
        }
        for (String pattern : dns) {
            if (hostMatches(pattern.toLowerCase(Locale.ROOT), wanted)) {
                return null;
            }
        }
        if (dns.isEmpty()) {
            return "x509: certificate is not valid for any names, but wanted to match " + bare;
        }
        return "x509: certificate is valid for " + String.join(", ", dns) + ", not " + bare;
    }

    private static byte[] ipLiteral(String host) {
        try {
            return SelfSignedCertificate.parseIpLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean hostMatches(String pattern, String host) {
        if (pattern.endsWith(".")) {
            pattern = pattern.substring(0, pattern.length() - 1);
        }
        String[] p = pattern.split("\\.", -1);
        String[] h = host.split("\\.", -1);
        if (p.length != h.length || host.isEmpty()) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (i == 0 && p[i].equals("*")) {
                continue;
            }
            if (!p[i].equals(h[i])) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ failures and responses, worded as Go's

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** How Go's http client and dialer describe a transport failure. */
    private static String describe(Throwable t, Target target) {
        if (t instanceof HttpConnectTimeoutException) {
            return "dial tcp " + target.dialAddress() + ": i/o timeout";
        }
        if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
            return "context deadline exceeded";
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "dial tcp " + target.dialAddress() + ": connect: connection refused";
            }
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return "dial tcp: lookup " + target.actual().getHost() + ": no such host";
            }
            if (c instanceof CertificateException && c.getMessage() != null && c.getMessage().startsWith("x509:")) {
                return "tls: failed to verify certificate: " + c.getMessage();
            }
            if (c instanceof SSLException && String.valueOf(c.getMessage())
                    .contains("Unsupported or unrecognized SSL message")) {
                return "http: server gave HTTP response to HTTPS client";
            }
        }
        if (t instanceof IOException && (t.getMessage() == null || t.getMessage().contains("closed"))) {
            return "EOF";
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The response body as client-go's rest client would decode it, or its error for a failed status. */
    private static JsonNode decode(HttpResponse<byte[]> response) throws CallFailure {
        int code = response.statusCode();
        byte[] body = response.body() == null ? new byte[0] : response.body();
        JsonNode parsed = null;
        String parseError = null;
        try {
            parsed = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            int nl = msg.indexOf('\n');
            parseError = nl < 0 ? msg : msg.substring(0, nl);
        }
        if (code >= 200 && code < 300) {
            if (parsed == null || !parsed.isObject()) {
                throw new CallFailure("failed to call webhook: couldn't get version/kind; json parse error: "
                        + (parseError != null ? parseError : "unexpected end of JSON input"));
            }
            return parsed;
        }
        if (parsed != null && parsed.isObject() && Json.text(parsed, "kind").equals("Status")
                && (Json.text(parsed, "apiVersion").equals("v1")
                || Json.text(parsed, "apiVersion").equals("meta.k8s.io/v1"))) {
            throw new CallFailure("failed to call webhook: " + Json.text(parsed, "message"));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String serverMessage = contentType.startsWith("text/") || contentType.contains("json")
                ? new String(body, StandardCharsets.UTF_8).trim() : "unknown";
        throw new CallFailure("failed to call webhook: " + genericServerResponse(code, serverMessage));
    }

    /** client-go's NewGenericServerResponse messages for a non-Status error body. */
    static String genericServerResponse(int code, String serverMessage) {
        switch (code) {
            case 409: return "the server reported a conflict";
            case 404: return "the server could not find the requested resource";
            case 400: return "the server rejected our request for an unknown reason";
            case 401: return "the server has asked for the client to provide credentials";
            case 403: return serverMessage;
            case 405: return "the server does not allow this method on the requested resource";
            case 422: return "the server rejected our request due to an error in our request";
            case 503: return "the server is currently unable to handle the request";
            case 504: return "the server was unable to return a response in the time allotted, but may still be "
                    + "processing the request";
            case 429: return "the server has received too many requests and has asked us to try again later";
            default:
                if (code >= 500) {
                    return "an error on the server (" + Selectors.goQuote(serverMessage) + ") has prevented the "
                            + "request from succeeding";
                }
                return "the server responded with the status code " + code + " but did not return more information";
        }
    }
}
