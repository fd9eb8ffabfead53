package io.kopf4j.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The benchmarks' HTTP side: one HTTP/1.1 client for a server's base URL, and the request helpers they share. */
final class BenchHttp {
    private final String base;
    private final HttpClient http;

    BenchHttp(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpClient client() {
        return http;
    }

    URI uri(String path) {
        return URI.create(base + path);
    }

    static HttpRequest.Builder json(HttpRequest.Builder b, String method, String body) {
        return b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    /**
     * Sends a request. One that found its keep-alive connection closed by the server before the server read it (the
     * JDK's HTTP server closes connections beyond its idle limit, which an operator on virtual threads, with many
     * connections of its own, can fill) is sent again, up to 4 more times: the server never saw it.
     */
    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpRequest request = b.build();
        for (int attempt = 1; ; attempt++) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (attempt == 5 || e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                    throw e;
                }
            }
        }
    }

    static void expect(HttpResponse<String> r, int code) {
        if (r.statusCode() != code) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + " instead of " + code + ": " + r.body());
        }
    }
}
