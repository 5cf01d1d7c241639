package dev.stem.boot.autoconfigure.canvas;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/// Settings of workflows (`stem.canvas.*`).
@ConfigurationProperties("stem.canvas")
public class StemCanvasProperties {

    /// How long a chord's records are kept in the store, counted again from each member that
    /// finishes: a chord whose members take longer than this in between is dropped and its body
    /// never runs.
    private Duration ttl = Duration.ofDays(1);

    public Duration getTtl() {
        return this.ttl;
    }

    public void setTtl(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("stem.canvas.ttl must be positive, was " + ttl);
        }
        this.ttl = ttl;
    }
}
