package io.kopf4j.internal.cluster;

import io.kopf4j.ConnectionInfo;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import io.kubernetes.client.util.credentials.UsernamePasswordAuthentication;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns a {@link ConnectionInfo} into a client-java {@link ApiClient} with client-java's own TLS and credential
 * classes: the CA (or no verification when insecure), a client certificate, a token with its scheme (Bearer by
 * default) or basic authentication, and an HTTP proxy. Its OkHttp client has no read timeout of its own: the
 * pipeline bounds each request ({@link ClusterApi.Config#requestTimeout()}) and each watch. Not API.
 */
final class Connections {
    private Connections() {
    }

    /**
     * A client for the credentials.
     *
     * @throws IOException when a CA, certificate or key file cannot be read
     * @throws RuntimeException when client-java rejects the certificate or key
     */
    static ApiClient client(ConnectionInfo info) throws IOException {
        ClientBuilder builder = new ClientBuilder()
                .setBasePath(info.server())
                .setVerifyingSsl(!info.insecure())
                .setReadTimeout(Duration.ZERO);
        Optional<byte[]> ca = pem(info.caData(), info.caPath());
        if (ca.isPresent()) {
            builder.setCertificateAuthority(ca.get());
        }
        ApiClient client = builder.build();
        Optional<byte[]> certificate = pem(info.certificateData(), info.certificatePath());
        Optional<byte[]> key = pem(info.privateKeyData(), info.privateKeyPath());
        if (certificate.isPresent() && key.isPresent()) {
            new ClientCertificateAuthentication(certificate.get(), key.get()).provide(client);
        }
        if (info.token().isPresent()) {
            client.setApiKeyPrefix(info.scheme().orElse("Bearer"));
            client.setApiKey(info.token().get());
        } else if (info.username().isPresent()) {
            new UsernamePasswordAuthentication(info.username().get(), info.password().orElse("")).provide(client);
        }
        if (info.proxyUrl().isPresent()) {
            client.setHttpClient(proxied(client.getHttpClient(), URI.create(info.proxyUrl().get())));
        }
        return client;
    }

    private static OkHttpClient proxied(OkHttpClient http, URI proxy) {
        OkHttpClient.Builder b = http.newBuilder()
                .proxy(new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.getHost(), proxy.getPort())));
        String userInfo = proxy.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            String header = Credentials.basic(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
            b.proxyAuthenticator((route, response) -> response.request().header("Proxy-Authorization") != null
                    ? null     // already tried: the proxy refuses these credentials
                    : response.request().newBuilder().header("Proxy-Authorization", header).build());
        }
        return b.build();
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static Optional<byte[]> pem(Optional<String> data, Optional<Path> path) throws IOException {
        if (data.isPresent()) {
            return Optional.of(data.get().getBytes(StandardCharsets.UTF_8));
        }
        if (path.isPresent()) {
            return Optional.of(Files.readAllBytes(path.get()));
        }
        return Optional.empty();
    }
}
