package dev.stem.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;
import dev.stem.test.server.PrivateRedisServer;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Redis is killed (SIGKILL) and kept down for 5 seconds while two producers publish and a
/// [Worker] on the Redis adapters runs the messages; then it is started again on the same port
/// and data folder. Checked: the producers and the worker reconnect by themselves, every message
/// whose `publish` returned runs (nothing acknowledged is lost), and the worker's health, which
/// the `stem` Actuator health indicator reports, turns DOWN during the outage and UP after it.
///
/// The server is a private one ([PrivateRedisServer]), never the shared server, and keeps its data
/// across the restart because it runs with `appendonly yes` and `appendfsync always`. A restart
/// that loses the data set (no AOF, or a failover to a replica that had not caught up) loses the
/// jobs written since the last save; no client can prevent that.
///
/// The clients use a 2 second command timeout with timeouts counted while disconnected (what the
/// Boot auto-configuration sets up), so a call fails instead of waiting out the outage.
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisRestartIntegrationTests {

    private static final String TASK = "restart.work";

    private static final String QUEUE = "restart";

    private static final String PREFIX = "stem-restart";

    private static final Duration OUTAGE = Duration.ofSeconds(5);

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    Path folder;

    private PrivateRedisServer server;

    private LettuceConnectionFactory producerRedis;

    private LettuceConnectionFactory workerRedis;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private final AtomicBoolean producing = new AtomicBoolean(true);

    private final List<Thread> producers = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        this.producing.set(false);
        for (Thread producer : this.producers) {
            producer.join(10_000);
        }
        for (AutoCloseable closeable : this.closeables.reversed()) {
            closeable.close();
        }
        if (this.producerRedis != null) {
            this.producerRedis.destroy();
        }
        if (this.workerRedis != null) {
            this.workerRedis.destroy();
        }
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void producersAndWorkerRideOutARestartAndNothingAcknowledgedIsLost() throws Exception {
        this.server = PrivateRedisServer.start(this.folder);
        this.producerRedis = connect(this.server.port());
        this.workerRedis = connect(this.server.port());
        RedisStreamsBroker producerBroker = closing(new RedisStreamsBroker(this.producerRedis, PREFIX,
                new EnvelopeCodec(), Clock.systemUTC()));
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Worker worker = startWorker(runs);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong failedPublishes = new AtomicLong();
        AtomicLong lastAcknowledgedAt = new AtomicLong();
        for (int i = 0; i < 2; i++) {
            this.producers.add(Thread.ofPlatform().name("producer-" + i).start(() ->
                    produce(producerBroker, acknowledged, failedPublishes, lastAcknowledgedAt)));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.size() >= 200 && runs.size() >= 100);
        assertThat(worker.isHealthy()).isTrue();

        long killedAt = System.nanoTime();
        this.server.kill();
        await().atMost(OUTAGE).pollInterval(Duration.ofMillis(20)).until(() -> !worker.isHealthy());
        long downAfterMillis = millisSince(killedAt);
        String fetchError = worker.lastFetchError();
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - millisSince(killedAt)));
        int acknowledgedBeforeRestart = acknowledged.size();
        long failedBeforeRestart = failedPublishes.get();

        this.server.start();
        long restartedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(worker::isHealthy);
        long upAfterMillis = millisSince(restartedAt);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> lastAcknowledgedAt.get() > restartedAt);
        long producerBackAfterMillis = TimeUnit.NANOSECONDS.toMillis(lastAcknowledgedAt.get() - restartedAt);
        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() >= acknowledgedBeforeRestart + 200);
        this.producing.set(false);
        for (Thread producer : this.producers) {
            producer.join(10_000);
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> runs.keySet().containsAll(acknowledged));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(producerBroker.stats(QUEUE))
                .isEqualTo(new QueueStats(QUEUE, 0, 0, 0, 0)));
        long ranTwice = runs.values().stream().filter(count -> count.get() > 1).count();
        System.out.printf("restart test: Redis killed for %d ms; worker DOWN %d ms after the kill (%s), UP %d ms "
                + "after the restart; producers publishing again %d ms after the restart; %d publishes acknowledged "
                + "(%d before the restart), %d failed during the outage; every acknowledged message ran, %d ran "
                + "more than once, %d ran that no publish acknowledged%n", OUTAGE.toMillis(), downAfterMillis,
                fetchError, upAfterMillis, producerBackAfterMillis, acknowledged.size(), acknowledgedBeforeRestart,
                failedBeforeRestart, ranTwice, runs.keySet().stream().filter(id -> !acknowledged.contains(id)).count());
        assertThat(failedBeforeRestart).as("publishes failed while Redis was down").isPositive();
        assertThat(runs.keySet()).containsAll(acknowledged);
    }

    private Worker startWorker(Map<String, AtomicInteger> runs) {
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(TaskDefinition.of(TASK, context -> {
            runs.computeIfAbsent(context.id(), id -> new AtomicInteger()).incrementAndGet();
            return null;
        }));
        WorkerOptions options = WorkerOptions.defaults(QUEUE).withLease(Duration.ofSeconds(5))
                .withShutdownTimeout(Duration.ofSeconds(2));
        WorkerServices services = new WorkerServices(
                closing(new RedisStreamsBroker(this.workerRedis, PREFIX, new EnvelopeCodec(), Clock.systemUTC())),
                closing(new RedisResultBackend(this.workerRedis, PREFIX)), tasks,
                new RedisRevokeStore(this.workerRedis, PREFIX), new RedisRateLimiter(this.workerRedis, PREFIX),
                closing(new RedisEventBus(this.workerRedis, PREFIX)), new RedisWorkerRegistry(this.workerRedis, PREFIX),
                JsonMapper.builder().build(), List.of(), new LoggingWorkerListener(), Clock.systemUTC());
        Worker worker = new Worker(services, options);
        worker.start();
        this.closeables.add(worker::stop);
        return worker;
    }

    private void produce(RedisStreamsBroker broker, Set<String> acknowledged, AtomicLong failed,
            AtomicLong lastAcknowledgedAt) {
        while (this.producing.get()) {
            Envelope envelope = Envelope.builder(TASK).queue(QUEUE).build();
            try {
                broker.publish(envelope);
                acknowledged.add(envelope.id());
                lastAcknowledgedAt.set(System.nanoTime());
                Thread.sleep(5);
            }
            catch (RuntimeException ex) {
                failed.incrementAndGet();
                sleep(100);
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        this.closeables.add(closeable);
        return closeable;
    }

    private static LettuceConnectionFactory connect(int port) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder()
                .commandTimeout(COMMAND_TIMEOUT)
                .clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
                .build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", port), client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
