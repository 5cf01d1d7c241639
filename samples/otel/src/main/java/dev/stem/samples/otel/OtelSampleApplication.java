package dev.stem.samples.otel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/// A producer (`producer` profile: an HTTP endpoint that enqueues) and a worker (`worker`
/// profile) on one Redis server, both exporting traces and metrics to an OpenTelemetry collector.
@SpringBootApplication
public class OtelSampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(OtelSampleApplication.class, args);
    }
}
