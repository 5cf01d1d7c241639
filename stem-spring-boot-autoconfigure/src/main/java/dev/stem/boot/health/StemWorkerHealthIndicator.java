package dev.stem.boot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.stem.worker.Worker;

/// Reports the worker: `UP` while it runs and its last fetch from the broker succeeded, `DOWN` when
/// the broker cannot be reached (it comes back `UP` by itself after the next good fetch) or the
/// worker is stopped. Details: worker id, queues, concurrency, active and processed counts,
/// abandoned threads and the last fetch error.
public class StemWorkerHealthIndicator extends AbstractHealthIndicator {

    private final Worker worker;

    public StemWorkerHealthIndicator(Worker worker) {
        super("Stem worker health check failed");
        this.worker = worker;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean up = this.worker.isRunning() && this.worker.isHealthy();
        (up ? builder.up() : builder.down())
                .withDetail("worker", this.worker.options().id())
                .withDetail("running", this.worker.isRunning())
                .withDetail("queues", this.worker.options().queues())
                .withDetail("concurrency", this.worker.options().concurrency())
                .withDetail("active", this.worker.activeCount())
                .withDetail("processed", this.worker.processedCount())
                .withDetail("abandonedThreads", this.worker.abandonedCount());
        String error = this.worker.lastFetchError();
        if (error != null) {
            builder.withDetail("lastFetchError", error);
        }
    }
}
