package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresPostgres
class JdbcResultBackendIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private JdbcResultBackend backend;

    @BeforeEach
    void setUp() {
        this.backend = new JdbcResultBackend(postgres.dataSource(), postgres.prefix());
    }

    @AfterEach
    void tearDown() {
        this.backend.close();
    }

    @Test
    void concurrentCompletionsOfDistinctMembersLetExactlyOneSeeTheGroupComplete() throws Exception {
        String group = "g-" + UUID.randomUUID();
        int size = 16;
        this.backend.initGroup(group, size, Duration.ofMinutes(5));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<GroupProgress>>> completions = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < size; i++) {
                String member = "m" + i;
                boolean failed = i % 4 == 0;
                completions.add(executor.submit(() -> {
                    start.await();
                    return this.backend.completeGroupMember(group, member, failed);
                }));
            }
            start.countDown();
            int sawComplete = 0;
            for (Future<Optional<GroupProgress>> completion : completions) {
                if (completion.get(30, TimeUnit.SECONDS).orElseThrow().isComplete()) {
                    sawComplete++;
                }
            }
            assertThat(sawComplete).isEqualTo(1);
        }
        assertThat(this.backend.groupProgress(group)).contains(new GroupProgress(group, size, size, 4));
    }

    @Test
    void aTerminalRecordIsReplacedOnlyByALaterAttempt() {
        String id = "t-" + UUID.randomUUID();
        TaskResult success = result(id, TaskState.SUCCESS, 1);

        assertThat(this.backend.store(success, Duration.ofMinutes(5))).isTrue();
        assertThat(this.backend.store(result(id, TaskState.STARTED, 1), Duration.ofMinutes(5))).isFalse();
        assertThat(this.backend.get(id)).contains(success);
        assertThat(this.backend.store(result(id, TaskState.STARTED, 2), Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void storeInsideARolledBackTransactionLeavesNothing() {
        String id = "t-" + UUID.randomUUID();
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));

        transaction.executeWithoutResult(status -> {
            this.backend.store(result(id, TaskState.SUCCESS, 0), Duration.ofMinutes(5));
            status.setRollbackOnly();
        });

        assertThat(this.backend.get(id)).isEmpty();
    }

    @Test
    void awaitWakesOnTheNotificationLongBeforeThePollInterval() throws Exception {
        try (JdbcResultBackend slowPoll = new JdbcResultBackend(postgres.dataSource(), postgres.prefix(), null,
                Duration.ofSeconds(30)); ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Thread.sleep(500);
            String id = "t-" + UUID.randomUUID();
            Future<Optional<TaskResult>> waiting = executor.submit(() -> slowPoll.await(id, Duration.ofSeconds(20)));
            Thread.sleep(300);
            long start = System.nanoTime();
            this.backend.store(result(id, TaskState.SUCCESS, 0), Duration.ofMinutes(5));

            assertThat(waiting.get(20, TimeUnit.SECONDS)).isPresent();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.println("Result await wake-up latency: " + millis + " ms");
            assertThat(millis).isLessThan(2_000);
        }
    }

    @Test
    void purgeDeletesExpiredRecordsAndGroups() throws Exception {
        String id = "t-" + UUID.randomUUID();
        String group = "g-" + UUID.randomUUID();
        this.backend.store(result(id, TaskState.SUCCESS, 0), Duration.ofMillis(50));
        this.backend.initGroup(group, 2, Duration.ofMillis(50));
        this.backend.completeGroupMember(group, "m1", false);
        Thread.sleep(100);

        assertThat(this.backend.purgeExpired()).isGreaterThanOrEqualTo(2);

        assertThat(postgres.jdbc().queryForObject(postgres.prefix().apply(
                "SELECT count(*) FROM ${prefix}group_members WHERE group_id = ?"), Long.class, group)).isZero();
    }

    private static TaskResult result(String id, TaskState state, int attempt) {
        return new TaskResult(id, "test.task", state, JsonNodeFactory.instance.numberNode(attempt), null, Map.of(),
                attempt, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
