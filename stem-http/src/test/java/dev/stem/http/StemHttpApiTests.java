package dev.stem.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.http.HttpClientSupport.Answer;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The HTTP API served by a real Tomcat on a free port over in-memory stores with a worker, called
/// with a plain HTTP client: enqueue and read back, a batch of 1,000, every refusal as a problem
/// detail naming its field with nothing enqueued, 401 / 403 / 202, 429, cancel, dead letters, and
/// the served OpenAPI description equal to the checked-in `docs/openapi.json`.
class StemHttpApiTests {

    static final Path OPENAPI = Path.of("..", "docs", "openapi.json");

    private static final String WRITER = "writer-token-0123456789";

    private static final String READER = "reader-token-0123456789";

    private static final String LIMITED = "limited-token-0123456789";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static ConfigurableApplicationContext context;

    private static HttpClientSupport http;

    private static String root;

    @BeforeAll
    static void start() {
        context = SpringApplication.run(HttpApiTestApp.class, "--server.port=0", "--stem.http.enabled=true",
                "--stem.http.clients.writer.token=" + WRITER, "--stem.http.clients.writer.scopes=read,write",
                "--stem.http.clients.reader.token=" + READER, "--stem.http.clients.reader.scopes=read",
                "--stem.http.clients.limited.token=" + LIMITED, "--stem.http.clients.limited.scopes=read,write",
                "--stem.http.clients.limited.rate-limit=3/h", "--stem.http.max-batch-size=1000",
                "--stem.worker.queues=default,bad");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        root = "http://127.0.0.1:" + port;
        http = new HttpClientSupport(root);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void enqueuesAndReadsTheResultBack() throws Exception {
        Answer accepted = http.post("/stem/api/tasks", WRITER, "{\"task\": \"test.add\", \"args\": {\"a\": 2, \"b\": 3}}");

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.body().get("id").stringValue();
        assertThat(accepted.body().get("state").stringValue()).isEqualTo("PENDING");
        Answer done = http.get("/stem/api/tasks/" + id + "?waitMs=20000", READER);
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().get("state").stringValue()).isEqualTo("SUCCESS");
        assertThat(done.body().get("record").get("result").intValue()).isEqualTo(5);
        assertThat(done.body().get("record").get("taskName").stringValue()).isEqualTo("test.add");
    }

    @Test
    void aBatchOfOneThousandReturnsOneThousandIdsThatAllComplete() throws Exception {
        ObjectNode batch = MAPPER.createObjectNode();
        for (int i = 0; i < 1000; i++) {
            batch.withArray("tasks").addObject().put("task", "test.add").putObject("args").put("a", i).put("b", 1);
        }

        Answer accepted = http.post("/stem/api/tasks/batch", WRITER, batch.toString());

        assertThat(accepted.status()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        accepted.body().get("ids").forEach(id -> ids.add(id.stringValue()));
        assertThat(ids).hasSize(1000).doesNotHaveDuplicates();
        ResultBackend backend = context.getBean(ResultBackend.class);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ids).allSatisfy(id ->
                assertThat(backend.get(id)).hasValueSatisfying(r -> assertThat(r.state().name()).isEqualTo("SUCCESS"))));
        assertThat(backend.get(ids.get(999)).orElseThrow().result().intValue()).isEqualTo(1000);
    }

    static Stream<Arguments> badRequests() {
        String tooLarge = "x".repeat(1024 * 1024 + 10);
        String headers = "{" + String.join(",", java.util.stream.IntStream.range(0, 200)
                .mapToObj(i -> "\"h" + i + "\": \"v\"").toList()) + "}";
        return Stream.of(
                Arguments.of("{\"queue\": \"bad\"}", 400, "task"),
                Arguments.of("{\"task\": \"bad task\", \"queue\": \"bad\"}", 400, "task"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"no/slash\"}", 400, "queue"),
                Arguments.of("{\"task\": 7, \"queue\": \"bad\"}", 400, "task"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"priority\": \"5\"}", 400, "priority"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"priority\": 12}", 400, "priority"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"args\": 3}", 400, "args"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"colour\": \"red\"}", 400, "colour"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"headers\": {\"a\": 1}}", 400, "headers.a"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"headers\": " + headers + "}", 400, "headers"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"headers\": {\"big\": \"" + "y".repeat(70_000)
                        + "\"}}", 400, "headers"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"args\": [\"" + tooLarge + "\"]}", 413, "args"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"eta\": \"2999-01-01T00:00:00Z\"}", 400, "eta"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"eta\": \"2026-13-01\"}", 400, "eta"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\", \"countdownMs\": 60000, \"expiresAt\": \""
                        + java.time.Instant.now().plusSeconds(10) + "\"}", 400, "expires"),
                Arguments.of("{\"task\": \"test.add\", \"queue\": \"bad\"", 400, "body"),
                Arguments.of("[1, 2]", 400, "body"));
    }

    @Test
    void aChunkedBodyIsReadUpToTheLimitAndRefusedPastIt() throws Exception {
        QueueStats before = context.getBean(Broker.class).stats("bad");
        long max = context.getBean(StemHttpProperties.class).getMaxRequestSize().toBytes();
        String over = "{\"task\": \"test.add\", \"queue\": \"bad\", \"args\": [\"" + "x".repeat((int) max + 65_536)
                + "\"]}";

        Answer refused = http.postChunked("/stem/api/tasks", WRITER, over);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("field").stringValue()).isEqualTo("body");
        assertThat(refused.body().get("detail").stringValue()).contains(max + " bytes", "stem.http.max-request-size");
        assertThat(context.getBean(Broker.class).stats("bad")).isEqualTo(before);

        Answer accepted = http.postChunked("/stem/api/tasks", WRITER, "{\"task\": \"test.add\", \"args\": {\"a\": 1, \"b\": 2}}");
        assertThat(accepted.status()).isEqualTo(202);
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void aBadRequestGetsAProblemDetailNamingTheFieldAndEnqueuesNothing(String json, int status, String field)
            throws Exception {
        QueueStats before = context.getBean(Broker.class).stats("bad");

        Answer refused = http.post("/stem/api/tasks", WRITER, json);

        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("status").intValue()).isEqualTo(status);
        assertThat(refused.body().get("field").stringValue()).startsWith(field);
        assertThat(refused.body().get("detail").stringValue()).isNotBlank();
        assertThat(context.getBean(Broker.class).stats("bad")).isEqualTo(before);
    }

    @Test
    void aBatchWithOneBadTaskOrOverItsLimitEnqueuesNothing() throws Exception {
        QueueStats before = context.getBean(Broker.class).stats("bad");

        Answer oneBad = http.post("/stem/api/tasks/batch", WRITER, "{\"tasks\": [{\"task\": \"test.add\", \"queue\": "
                + "\"bad\"}, {\"task\": \"test.add\", \"queue\": \"bad\", \"priority\": 99}]}");
        ObjectNode tooMany = MAPPER.createObjectNode();
        for (int i = 0; i < 1001; i++) {
            tooMany.withArray("tasks").addObject().put("task", "test.add").put("queue", "bad");
        }
        Answer overLimit = http.post("/stem/api/tasks/batch", WRITER, tooMany.toString());

        assertThat(oneBad.status()).isEqualTo(400);
        assertThat(oneBad.body().get("field").stringValue()).isEqualTo("tasks[1].priority");
        assertThat(overLimit.status()).isEqualTo(400);
        assertThat(overLimit.body().get("field").stringValue()).isEqualTo("tasks");
        assertThat(overLimit.body().get("detail").stringValue()).contains("1001");
        assertThat(context.getBean(Broker.class).stats("bad")).isEqualTo(before);
    }

    @Test
    void noTokenOrAWrongOneIs401AReadOnlyTokenIs403AWriterIs202() throws Exception {
        String body = "{\"task\": \"test.add\", \"args\": {\"a\": 1, \"b\": 1}}";

        Answer none = http.post("/stem/api/tasks", null, body);
        Answer wrong = http.post("/stem/api/tasks", "not-a-token", body);
        Answer readOnly = http.post("/stem/api/tasks", READER, body);
        Answer writer = http.post("/stem/api/tasks", WRITER, body);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.body().get("detail").stringValue()).contains("write");
        assertThat(writer.status()).isEqualTo(202);
        assertThat(http.get("/stem/api/queues", null).status()).isEqualTo(401);
    }

    @Test
    void aClientPastItsRateGets429WithRetryAfter() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        Answer last = null;
        for (int i = 0; i < 4; i++) {
            last = http.get("/stem/api/queues", LIMITED);
            statuses.add(last.status());
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429);
        assertThat(last.retryAfter()).isNotNull();
        assertThat(Long.parseLong(last.retryAfter())).isPositive();
        assertThat(http.get("/stem/api/queues", READER).status()).as("other clients keep their own rate").isEqualTo(200);
    }

    @Test
    void cancelsATaskThatHasNotStarted() throws Exception {
        Answer accepted = http.post("/stem/api/tasks", WRITER,
                "{\"task\": \"test.add\", \"args\": {\"a\": 1, \"b\": 1}, \"countdownMs\": 600000}");
        String id = accepted.body().get("id").stringValue();

        Answer cancelled = http.post("/stem/api/tasks/" + id + "/cancel?terminate=true", WRITER, "");

        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.body().get("cancelled").booleanValue()).isTrue();
        assertThat(http.post("/stem/api/tasks/bad%20id/cancel", WRITER, "").body().get("field").stringValue())
                .isEqualTo("id");
    }

    @Test
    void aSignedDeadLetterThisApplicationCannotSignAgainIsRefusedWith409AndStays() throws Exception {
        Broker broker = context.getBean(Broker.class);
        MessageSigner signer = new MessageSigner(new KeyRing("k1",
                Map.of("k1", "http-key-http-key-http-key-http-".getBytes(StandardCharsets.UTF_8)), 32));
        Envelope signed = signer.sign(Envelope.builder("test.add").queue("signed-dead").build());
        broker.publish(signed);
        Delivery delivery = broker.fetch(new FetchRequest("test", List.of("signed-dead"), 1, Duration.ofSeconds(5),
                Duration.ofMinutes(1))).get(0);
        broker.deadLetter(delivery, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));

        Answer refused = http.post("/stem/api/queues/signed-dead/dead-letters/" + signed.id() + "/replay", WRITER, "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.body().get("detail").stringValue()).contains(signed.id())
                .contains("stem.security.signing.active-key");
        assertThat(broker.deadLetter("signed-dead", signed.id())).isPresent();
    }

    @Test
    void readsAndReplaysADeadLetterAndListsQueuesWithCounts() throws Exception {
        String id = http.post("/stem/api/tasks", WRITER, "{\"task\": \"test.fail\", \"queue\": \"default\"}")
                .body().get("id").stringValue();
        Answer failed = http.get("/stem/api/tasks/" + id + "?waitMs=20000", READER);
        assertThat(failed.body().get("state").stringValue()).isEqualTo("FAILURE");
        assertThat(failed.body().get("record").get("error").get("type").stringValue())
                .isEqualTo("java.lang.IllegalStateException");

        Answer letter = http.get("/stem/api/queues/default/dead-letters/" + id, READER);
        Answer queues = http.get("/stem/api/queues", READER);
        Answer replayed = http.post("/stem/api/queues/default/dead-letters/" + id + "/replay", WRITER, "");
        Answer missing = http.get("/stem/api/queues/default/dead-letters/no-such-id", READER);

        assertThat(letter.status()).isEqualTo(200);
        assertThat(letter.body().get("reasonCode").stringValue()).isEqualTo("max-retries-exceeded");
        Set<String> names = new HashSet<>();
        queues.body().forEach(queue -> names.add(queue.get("name").stringValue()));
        assertThat(names).contains("default");
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.body().get("replayed").intValue()).isEqualTo(1);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theServedOpenApiDescriptionIsTheCheckedInOne() throws Exception {
        Answer served = http.get("/v3/api-docs/" + StemHttpAutoConfiguration.OPENAPI_GROUP, null);
        assertThat(served.status()).isEqualTo(200);
        String pretty = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(served.body()) + "\n";
        if (Boolean.getBoolean("stem.openapi.write")) {
            Files.writeString(OPENAPI, pretty);
        }
        JsonNode checkedIn = MAPPER.readTree(Files.readString(OPENAPI));

        assertThat(served.body().get("openapi").stringValue()).startsWith("3.1");
        assertThat(served.body())
                .as("docs/openapi.json differs from the served description; regenerate it with "
                        + "-Dstem.openapi.write=true (see docs/http-api.md)")
                .isEqualTo(checkedIn);
    }
}
