package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The promises of [WorkerRegistry], checked against a real adapter: extend this class and return
/// a fresh registry from [#createWorkerRegistry()].
///
/// Every test uses random worker ids and only looks at its own workers in `alive()`, so the
/// registry may share a server with other tests. Worker info must read back equal (timestamps
/// with millisecond precision).
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class WorkerRegistryContractTests {

    private static final Duration LONG_TTL = Duration.ofMinutes(5);

    private WorkerRegistry registry;

    private String prefix;

    /// Returns a new registry to test; it is closed after each test if it is [AutoCloseable].
    protected abstract WorkerRegistry createWorkerRegistry();

    @BeforeEach
    void createSubject() {
        this.registry = createWorkerRegistry();
        this.prefix = RandomNames.of("worker");
    }

    @AfterEach
    void closeSubject() throws Exception {
        if (this.registry instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void heartbeatsListTheLatestInfoUntilRemoved() {
        WorkerInfo first = worker("a", 0);
        WorkerInfo second = worker("b", 3);

        this.registry.heartbeat(first, LONG_TTL);
        this.registry.heartbeat(second, LONG_TTL);
        assertThat(own()).containsExactly(first, second);

        WorkerInfo busier = worker("a", 7);
        this.registry.heartbeat(busier, LONG_TTL);
        assertThat(own()).containsExactly(busier, second);

        this.registry.remove(first.id());
        assertThat(own()).containsExactly(second);
        this.registry.remove(second.id());
        assertThat(own()).isEmpty();
    }

    @Test
    void workerExpiresAfterItsLastHeartbeat() {
        WorkerInfo quiet = worker("quiet", 0);
        this.registry.heartbeat(quiet, Duration.ofSeconds(1));
        assertThat(own()).containsExactly(quiet);

        await().atMost(Duration.ofSeconds(15)).until(() -> own().isEmpty());
    }

    private List<WorkerInfo> own() {
        return this.registry.alive().stream().filter((worker) -> worker.id().startsWith(this.prefix)).toList();
    }

    private WorkerInfo worker(String suffix, int active) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<WorkerInfo.RunningTask> running = new ArrayList<>();
        for (int i = 0; i < active; i++) {
            running.add(new WorkerInfo.RunningTask("task-" + i, "mail.send", "mail", i % 2, now.minusMillis(i)));
        }
        return new WorkerInfo(this.prefix + "-" + suffix, "host-1", 4242, List.of("default", "mail"), 8, active,
                100 + active, now.minusSeconds(60), now, Duration.ofSeconds(2), "1.2.3", running);
    }
}
