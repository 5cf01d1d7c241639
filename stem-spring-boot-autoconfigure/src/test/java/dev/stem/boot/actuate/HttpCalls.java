package dev.stem.boot.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/// Plain HTTP calls to a running test application.
final class HttpCalls {

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newHttpClient();

    private final String base;

    HttpCalls(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
        return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).header("Accept", accept).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path, "application/json");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return json.readTree(response.body());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return this.client.send(HttpRequest.newBuilder(URI.create(this.base + path)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode parse(String body) {
        return json.readTree(body);
    }
}
