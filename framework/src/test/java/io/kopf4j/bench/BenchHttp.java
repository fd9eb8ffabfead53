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

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void expect(HttpResponse<String> r, int code) {
        if (r.statusCode() != code) {
            throw new IllegalStateException(r.request().method() + " " + r.request().uri() + " answered "
                    + r.statusCode() + " instead of " + code + ": " + r.body());
        }
    }
}
