package dev.stem.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// Which writes commit with `synchronous_commit = off`. Statement triggers on the Stem tables log
/// the setting in effect at the end of each statement, which is what its (autocommitted) commit
/// uses; the broker runs on one connection, whose own setting is checked after every write.
@RequiresPostgres
class PostgresBrokerAsyncCommitTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private static final Duration LEASE = Duration.ofSeconds(30);

    private SingleConnectionDataSource connection;

    private JdbcTemplate jdbc;

    private PostgresListener listener;

    private String queue;

    @BeforeAll
    static void logCommitSettings() {
        JdbcTemplate jdbc = postgres.jdbc();
        jdbc.execute(postgres.prefix().apply(
                "CREATE TABLE ${prefix}commit_log (id bigserial PRIMARY KEY, tbl text, op text, setting text)"));
        jdbc.execute(postgres.prefix().apply("""
                CREATE FUNCTION ${prefix}log_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO ${prefix}commit_log (tbl, op, setting)
                    VALUES (TG_TABLE_NAME, TG_OP, current_setting('synchronous_commit'));
                    RETURN NULL;
                END $$"""));
        for (String table : List.of("jobs", "results", "dead_letters")) {
            jdbc.execute(postgres.prefix().apply("CREATE TRIGGER ${prefix}log_" + table
                    + " AFTER INSERT OR UPDATE OR DELETE ON ${prefix}" + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION ${prefix}log_commit()"));
        }
    }

    @AfterAll
    static void dropCommitLog() {
        postgres.jdbc().execute(postgres.prefix().apply("DROP FUNCTION ${prefix}log_commit() CASCADE"));
    }

    @BeforeEach
    void setUp() throws SQLException {
        this.connection = new SingleConnectionDataSource(postgres.dataSource().getConnection(), true);
        this.jdbc = new JdbcTemplate(this.connection);
        this.listener = PostgresListener.started(postgres.dataSource());
        this.queue = "q" + System.nanoTime();
    }

    @AfterEach
    void tearDown() {
        this.listener.close();
        this.connection.destroy();
    }

    @Test
    void workerWritesCommitAsynchronouslyAndPublishesAsConfigured() throws Exception {
        try (PostgresBroker broker = broker(true); JdbcResultBackend backend = backend()) {
            List<Envelope> sent = List.of(envelope(), envelope(), envelope(), envelope(), envelope(), envelope());
            assertThat(logged(() -> broker.publishAll(sent))).containsExactly("jobs INSERT on");

            List<Delivery> claimed = new ArrayList<>();
            assertThat(logged(() -> claimed.addAll(fetch(broker, 6)))).as("reap and claim")
                    .containsExactly("jobs UPDATE off", "jobs UPDATE off");
            assertThat(claimed).hasSize(6);
            assertThat(logged(() -> broker.extendLease(claimed.get(0), LEASE))).containsExactly("jobs UPDATE off");
            assertThat(logged(() -> broker.release(claimed.get(1)))).containsExactly("jobs UPDATE off");
            assertThat(logged(() -> broker.retry(claimed.get(2), claimed.get(2).envelope(), Instant.now())))
                    .containsExactly("jobs UPDATE off");
            DeadLetterReason reason = DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "test");
            assertThat(logged(() -> broker.deadLetter(claimed.get(3), reason)))
                    .containsExactlyInAnyOrder("jobs DELETE off", "dead_letters INSERT off");
            assertThat(logged(() -> broker.ack(claimed.get(4)))).containsExactly("jobs DELETE off");
            assertThat(logged(() -> broker.ackAll(List.of(claimed.get(5))))).containsExactly("jobs DELETE off");
            assertThat(logged(() -> broker.ack(claimed.get(5)))).as("a stale ack").containsExactly("jobs DELETE off");

            backend.storeAll(results(sent.subList(0, 1)), Duration.ofMinutes(5));
            List<Delivery> again = fetch(broker, 2);
            assertThat(logged(() -> broker.storeAndAckAll(backend, results(sent), Duration.ofMinutes(5), again)))
                    .contains("jobs DELETE off", "results INSERT off")
                    .allSatisfy(entry -> assertThat(entry).endsWith(" off"));
            List<Envelope> unrelated = List.of(envelope(), envelope());
            assertThat(logged(() -> broker.storeAndAckAll(backend, results(unrelated), Duration.ofMinutes(5), again)))
                    .as("results stored, stale deliveries")
                    .contains("jobs DELETE off", "results INSERT off")
                    .allSatisfy(entry -> assertThat(entry).endsWith(" off"));
            assertThat(backend.get(unrelated.getFirst().id())).isPresent();
            assertThat(broker.stats(this.queue).inFlight()).isEqualTo(1);
        }
    }

    @Test
    void workerWritesInTheCallersTransactionLeaveItsCommitAlone() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(this.connection));
        try (PostgresBroker broker = broker(true); JdbcResultBackend backend = backend()) {
            List<Envelope> sent = List.of(envelope(), envelope());
            broker.publishAll(sent);
            List<Delivery> claimed = fetch(broker, 2);

            assertThat(logged(() -> transaction.executeWithoutResult(status -> {
                assertThat(broker.ack(claimed.get(0))).isTrue();
                assertThat(broker.storeAndAckAll(backend, results(sent), Duration.ofMinutes(5),
                        List.of(claimed.get(1)))).isEqualTo(1);
                assertThat(setting()).isEqualTo("on");
            }))).isNotEmpty().allSatisfy(entry -> assertThat(entry).endsWith(" on"));
        }
    }

    @Test
    void withAsyncWorkerCommitsOffWorkerWritesCommitAsConfigured() throws Exception {
        try (PostgresBroker broker = broker(false)) {
            broker.publish(envelope());
            List<Delivery> claimed = new ArrayList<>();

            assertThat(logged(() -> claimed.addAll(fetch(broker, 1)))).as("reap and claim")
                    .containsExactly("jobs UPDATE on", "jobs UPDATE on");
            assertThat(logged(() -> broker.ack(claimed.getFirst()))).containsExactly("jobs DELETE on");
        }
    }

    /// The trigger log of what `action` wrote, as `table OP setting`; checks that the connection's
    /// own setting is unchanged afterwards.
    private List<String> logged(ThrowingRunnable action) throws Exception {
        long mark = lastLogged();
        action.run();
        assertThat(setting()).isEqualTo("on");
        return postgres.jdbc().queryForList(postgres.prefix().apply("""
                SELECT substr(tbl, length(?) + 1) || ' ' || op || ' ' || setting FROM ${prefix}commit_log
                WHERE id > ? ORDER BY id"""), String.class, postgres.prefix().value(), mark);
    }

    private long lastLogged() {
        Long last = postgres.jdbc().queryForObject(
                postgres.prefix().apply("SELECT coalesce(max(id), 0) FROM ${prefix}commit_log"), Long.class);
        return last != null ? last : 0;
    }

    private String setting() {
        return this.jdbc.queryForObject("SHOW synchronous_commit", String.class);
    }

    private PostgresBroker broker(boolean asyncWorkerCommits) {
        return new PostgresBroker(this.connection, postgres.prefix(), new EnvelopeCodec(),
                new PostgresBrokerOptions(Duration.ofMillis(100), Duration.ofHours(1), false, asyncWorkerCommits),
                null);
    }

    private JdbcResultBackend backend() {
        return new JdbcResultBackend(this.connection, postgres.prefix(), this.listener, Duration.ofMillis(500));
    }

    private List<Delivery> fetch(PostgresBroker broker, int max) throws InterruptedException {
        return broker.fetch(new FetchRequest("w1", List.of(this.queue), max, Duration.ZERO, LEASE));
    }

    private Envelope envelope() {
        return Envelope.builder("test.task").queue(this.queue).build();
    }

    private static List<TaskResult> results(List<Envelope> envelopes) {
        return envelopes.stream().map(envelope -> new TaskResult(envelope.id(), envelope.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done"), null, Map.of(), envelope.attempt(), Instant.now()))
                .toList();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {

        void run() throws Exception;
    }
}
