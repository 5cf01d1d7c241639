package dev.stem.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
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
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.envelope.Envelope;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// One trace across the queue, seen through the OpenTelemetry SDK behind the Micrometer tracing
/// bridge with an in-memory span exporter: an HTTP request enqueues a task whose first attempt
/// fails; the request's span is the parent of the publish span, which is the parent of both
/// attempts' process spans. A message with a garbage `traceparent` still runs, in a trace of its own.
@RequiresRedis
class StemTracingIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final AttributeKey<String> ATTEMPT = AttributeKey.stringKey("stem.task.attempt");

    private static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");

    private final String prefix = RedisTestServer.randomPrefix();

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (this.context != null) {
            this.context.close();
        }
        RedisTestServer.cleanUp(this.prefix);
    }

    @Test
    void anEnqueueingRequestItsPublishAndEveryAttemptShareOneTrace() throws Exception {
        this.context = new SpringApplicationBuilder(ObservedApplication.class, SpanCapture.class)
                .properties(TestApplications.redis(this.prefix, "management.tracing.sampling.probability=1.0"))
                .run();
        HttpCalls http = new HttpCalls(((WebServerApplicationContext) this.context).getWebServer().getPort());
        InMemorySpanExporter exporter = this.context.getBean(InMemorySpanExporter.class);
        SdkTracerProvider tracer = this.context.getBean(SdkTracerProvider.class);

        HttpResponse<String> response = http.post("/enqueue?key=traced", "");
        assertThat(response.statusCode()).isEqualTo(200);
        String id = HttpCalls.parse(response.body()).path("id").asString();
        await().atMost(WAIT).until(() -> this.context.getBean(Stem.class).handle(id, Object.class).state()
                == TaskState.SUCCESS);

        await().atMost(WAIT).untilAsserted(() -> {
            tracer.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData request = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER
                    && s.getName().contains("/enqueue")).findFirst().orElseThrow();
            SpanData publish = only(spans, "default publish", id);
            List<SpanData> attempts = spans.stream().filter(s -> s.getName().equals("default process")
                    && id.equals(s.getAttributes().get(MESSAGE_ID))).toList();
            assertThat(attempts).hasSize(2);
            assertThat(publish.getTraceId()).isEqualTo(request.getTraceId());
            assertThat(publish.getParentSpanId()).isEqualTo(request.getSpanId());
            assertThat(publish.getKind()).isEqualTo(SpanKind.PRODUCER);
            for (SpanData attempt : attempts) {
                assertThat(attempt.getTraceId()).isEqualTo(request.getTraceId());
                assertThat(attempt.getParentSpanId()).isEqualTo(publish.getSpanId());
                assertThat(attempt.getKind()).isEqualTo(SpanKind.CONSUMER);
            }
            SpanData first = attempts.stream().filter(s -> "0".equals(s.getAttributes().get(ATTEMPT))).findFirst()
                    .orElseThrow();
            SpanData retry = attempts.stream().filter(s -> "1".equals(s.getAttributes().get(ATTEMPT))).findFirst()
                    .orElseThrow();
            assertThat(first.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(retry.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
        });

        Envelope garbage = Envelope.builder("obs.ok").args(JsonMapper.builder().build().valueToTree(Map.of("n", 7)))
                .headers(Map.of("traceparent", "00-not-a-trace-context-01")).createdAt(Instant.now()).build();
        this.context.getBean(Broker.class).publish(garbage);
        assertThat(this.context.getBean(Stem.class).handle(garbage.id(), Integer.class).result(WAIT)).isEqualTo(7);
        await().atMost(WAIT).untilAsserted(() -> {
            tracer.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
            SpanData attempt = only(exporter.getFinishedSpanItems(), "default process", garbage.id());
            assertThat(attempt.getParentSpanContext().isValid()).isFalse();
        });
    }

    private static SpanData only(List<SpanData> spans, String name, String id) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)
                && id.equals(s.getAttributes().get(MESSAGE_ID))).toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    /// Keeps every finished span in memory.
    @Configuration(proxyBeanMethods = false)
    static class SpanCapture {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }
}
