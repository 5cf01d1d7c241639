package dev.stem.samples.otel;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Runs the sample's producer endpoint and worker in one application on a real Redis, with the
/// spans kept in memory beside the OTLP export: a checkout of an odd order gives one trace of the
/// HTTP request, the publish and both attempts of the confirmation.
@RequiresRedis
class OtelSampleApplicationTests {

    private final String prefix = "stem-sample-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void deleteKeys() {
        RedisTestServer.cleanUp(this.prefix);
    }

    @Test
    void aCheckoutAndEveryAttemptOfItsTaskAreOneTrace() throws Exception {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OtelSampleApplication.class,
                SpanCapture.class).profiles("producer").run("--stem.broker.url=" + RedisTestServer.url(),
                        "--stem.redis.key-prefix=" + this.prefix, "--stem.worker.enabled=true", "--server.port=0")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/checkout?order=7"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String taskId = JsonMapper.builder().build().readTree(response.body()).path("taskId").asString();

            assertThat(app.getBean(Stem.class).handle(taskId, String.class).result(Duration.ofSeconds(30)))
                    .isEqualTo("order 7 confirmed");
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                app.getBean(SdkTracerProvider.class).forceFlush().join(5, TimeUnit.SECONDS);
                List<SpanData> spans = app.getBean(InMemorySpanExporter.class).getFinishedSpanItems();
                SpanData request = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst()
                        .orElseThrow();
                SpanData publish = spans.stream().filter(s -> s.getName().equals("default publish")).findFirst()
                        .orElseThrow();
                List<SpanData> attempts = spans.stream().filter(s -> s.getName().equals("default process"))
                        .toList();
                assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanId());
                assertThat(attempts).hasSize(2).allSatisfy(attempt -> {
                    assertThat(attempt.getTraceId()).isEqualTo(request.getTraceId());
                    assertThat(attempt.getParentSpanId()).isEqualTo(publish.getSpanId());
                });
            });
        }
    }

    /// Keeps the spans in memory too.
    @Configuration(proxyBeanMethods = false)
    static class SpanCapture {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }
}
