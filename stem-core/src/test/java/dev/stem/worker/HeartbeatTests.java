package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.control.StemEvent;
import dev.stem.control.WorkerInfo;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A worker's heartbeat, in the registry and on the event bus, says what it is and what it runs;
/// a clean stop removes it from the registry.
class HeartbeatTests {

    private final WorkerFixture fixture = new WorkerFixture();

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        this.release.countDown();
        this.fixture.close();
    }

    @Test
    void theHeartbeatNamesTheRunningTasksInTheRegistryAndOnTheEventBus() throws Exception {
        List<StemEvent> beats = new CopyOnWriteArrayList<>();
        this.fixture.events.subscribe(event -> {
            if (event.type().equals(StemEvent.WORKER_HEARTBEAT)) {
                beats.add(event);
            }
        });
        this.fixture.register(new TaskDefinition("slow", TaskOptions.defaults(), context -> {
            this.release.await(30, TimeUnit.SECONDS);
            return null;
        }));
        Worker worker = this.fixture.start();
        this.fixture.enqueue("slow", 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            WorkerInfo info = this.fixture.workers.alive().get(0);
            assertThat(info.id()).isEqualTo(worker.options().id());
            assertThat(info.running()).extracting(WorkerInfo.RunningTask::task).containsExactly("slow");
            assertThat(info.heartbeatInterval()).isEqualTo(worker.options().heartbeatInterval());
            assertThat(info.isStale(info.lastHeartbeat())).isFalse();
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> data = beats.get(beats.size() - 1).data();
            assertThat(data).containsKeys("hostname", "pid", "queues", "concurrency", "active", "processed",
                    "uptimeMs", "heartbeatIntervalMs", "version", "running");
            assertThat((List<?>) data.get("running")).hasSize(1);
        });

        this.release.countDown();
        worker.stop();
        assertThat(this.fixture.workers.alive()).isEmpty();
    }
}
