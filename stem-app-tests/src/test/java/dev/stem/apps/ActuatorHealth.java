package dev.stem.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/// Reads `/actuator/health` from a process's management port.
final class ActuatorHealth {

    private ActuatorHealth() {
    }

    /// The health document once the management server answers 200; fails with the process's
    /// output if it does not within `timeout`.
    static String awaitUp(int port, AppProcess process, Duration timeout) throws InterruptedException {
        return awaitUp(port, "health", process, timeout);
    }

    /// The document of `/actuator/<path>` (such as `health/readiness`) once it answers 200; fails
    /// with the process's output if it does not within `timeout`.
    static String awaitUp(int port, String path, AppProcess process, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/" + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
                last = response.statusCode() + " " + response.body();
            }
            catch (IOException ex) {
                last = ex.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("/actuator/" + path + " on port " + port + " was not UP within " + timeout + " (last: " + last
                + "):\n" + process.output());
    }
}
