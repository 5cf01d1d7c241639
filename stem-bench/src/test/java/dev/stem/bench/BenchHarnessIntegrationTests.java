package dev.stem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RedisTestServer;

import static org.assertj.core.api.Assertions.assertThat;

/// Keeps the harness from rotting: every scenario runs at a small size, as its own process, against
/// the Redis and PostgreSQL that stem-test's `RedisTestServer` and `PostgresTestServer` find (failing
/// when one is missing and `STEM_REQUIRE_SERVICES` or `CI` is true, skipped otherwise). It checks only that
/// the scenario prints its JSON lines with every label and exits with status 0, nothing about speed.
class BenchHarnessIntegrationTests {

    private static final long PROCESS_TIMEOUT_SECONDS = 100;

    private final JsonMapper mapper = JsonMapper.builder().build();

    @TempDir
    Path folder;

    static Stream<Arguments> scenarios() {
        List<Arguments> runs = new ArrayList<>();
        for (String broker : List.of("redis", "postgres")) {
            runs.add(Arguments.of(broker, List.of("enqueue", "--n", "2000"),
                    List.of("enqueue.one_by_one", "enqueue.batch_1000")));
            List<String> process = new ArrayList<>();
            for (String variant : List.of("process.results_stored", "process.results_ignored")) {
                process.addAll(List.of(variant + ".to_last_end", variant + ".to_last_ack", variant + ".jvm_cpu_per_job"));
                if (broker.equals("redis")) {
                    process.add(variant + ".server_cpu_per_job");
                }
            }
            runs.add(Arguments.of(broker, List.of("process", "--n", "2000", "--warm-up", "500"), process));
            runs.add(Arguments.of(broker, List.of("latency", "--n", "200", "--warm-up", "200"),
                    List.of("latency.start_p50", "latency.start_p95", "latency.start_p99",
                            "latency.enqueue_call_p95")));
            runs.add(Arguments.of(broker, List.of("fleet", "--n", "2000", "--fleet", "1,2", "--warm-up", "500"),
                    List.of("fleet.processes_1", "fleet.processes_2")));
            runs.add(Arguments.of(broker, List.of("memory", "--n", "20000"),
                    List.of("memory.heap_empty", "memory.heap_backlog", "memory.heap_growth")));
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("scenarios")
    void printsItsFiguresAndExitsCleanly(String broker, List<String> arguments, List<String> figures)
            throws IOException, InterruptedException {
        String url = serverUrl(broker);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), BenchMain.class.getName()));
        command.addAll(arguments);
        command.addAll(List.of("--broker", broker, "--url", url, "--timeout", "90"));
        Path out = this.folder.resolve("out.txt");
        Path err = this.folder.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("The harness did not finish in " + PROCESS_TIMEOUT_SECONDS + " s; stderr:\n" + read(err));
        }
        assertThat(process.exitValue()).as("exit status; stderr:\n%s", read(err)).isZero();

        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            JsonNode figure = this.mapper.readTree(line);
            assertThat(figure.propertyNames()).as(line).contains("name", "value", "unit", "broker", "concurrency", "n",
                    "stemVersion", "jvm", "gitCommit");
            assertThat(figure.get("value").isNumber()).as(line).isTrue();
            assertThat(figure.get("broker").asString()).isEqualTo(broker);
            names.add(figure.get("name").asString());
        }
        assertThat(names).containsExactlyElementsOf(figures);
    }

    private static String serverUrl(String broker) {
        return broker.equals("redis") ? RedisTestServer.url() : PostgresTestServer.jdbcUrlWithCredentials();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
