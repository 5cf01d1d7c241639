package dev.stem.boot.health;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.stem.backend.ResultBackend;

/// Reports the result backend: `UP` when a lookup of a result answers (the id looked up is never
/// stored), `DOWN` with the error when it fails.
public class StemBackendHealthIndicator extends AbstractHealthIndicator {

    /// The id looked up: not a valid task id of any client, so never found.
    static final String PROBE_ID = "stem-health-probe";

    private final ResultBackend backend;

    public StemBackendHealthIndicator(ResultBackend backend) {
        super("Stem result backend health check failed");
        this.backend = backend;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        this.backend.get(PROBE_ID);
        builder.up().withDetail("backend", this.backend.getClass().getSimpleName());
    }
}
