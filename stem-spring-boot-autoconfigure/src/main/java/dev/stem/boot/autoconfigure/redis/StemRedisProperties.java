package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import dev.stem.boot.autoconfigure.validation.MinDuration;
import dev.stem.redis.RedisBrokerOptions;
import dev.stem.redis.support.RedisKeys;

/// Configuration of Stem's Redis stores under `stem.redis.*`. Values are checked when they are
/// bound, so a bad one fails the start naming the property.
///
/// The connection settings (`command-timeout`, `connect-timeout`, `ssl.bundle`) apply only
/// to the connections Stem opens itself from `stem.broker.url` or `stem.backend.url`; when Stem
/// reuses the application's `RedisConnectionFactory`, `spring.data.redis.*` configures it.
@ConfigurationProperties("stem.redis")
@Validated
public class StemRedisProperties {

    /// Start of every Redis key and channel Stem uses: 1-100 characters of A-Z a-z 0-9 . _ : -.
    /// Applications (or environments) that share a Redis server keep apart by prefix.
    private String keyPrefix = "stem";

    /// Longest time between two scans of a queue for messages whose lease lapsed (a crashed
    /// worker's); also the longest a waiting fetch blocks on Redis before it looks again.
    @NotNull
    @MinDuration("1ms")
    private Duration reclaimInterval = Duration.ofSeconds(1);

    /// How long a worker that holds no messages may stay idle before it is removed from a queue's
    /// consumer group.
    @NotNull
    @MinDuration("1ms")
    private Duration consumerIdleLimit = Duration.ofHours(1);

    /// Longest a Redis command of Stem's own connections may take, queueing while disconnected
    /// included, before it fails. Must be at least 1s longer than reclaim-interval, which a
    /// waiting fetch blocks for.
    @NotNull
    @MinDuration("1ms")
    private Duration commandTimeout = Duration.ofSeconds(5);

    /// Longest Stem's own connections wait to connect.
    @NotNull
    @MinDuration("1ms")
    private Duration connectTimeout = Duration.ofSeconds(10);

    /// Longest wait between two attempts to reconnect to a Redis that went away, so work resumes
    /// within about this long of the server answering again. Each wait is random up to the current
    /// exponential step (full jitter), so many clients do not reconnect at once. Applies to Stem's
    /// own connections and to the application's Lettuce client resources that Spring Boot builds.
    @NotNull
    @MinDuration("1ms")
    private Duration reconnectDelayMax = Duration.ofSeconds(1);

    /// Whether to read the server's version, eviction policy and append-only setting at startup and
    /// log a warning for each risk; a server whose eviction policy can evict keys fails the start
    /// unless allow-evicting-policy is true.
    private boolean checkServer = true;

    /// Whether to start on a Redis whose maxmemory-policy can evict keys (anything but noeviction),
    /// which can lose queued jobs and results under memory pressure; the start check then only warns.
    private boolean allowEvictingPolicy;

    private final Ssl ssl = new Ssl();

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        try {
            this.keyPrefix = new RedisKeys(keyPrefix).prefix();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("stem.redis.key-prefix: " + ex.getMessage(), ex);
        }
    }

    public Duration getReclaimInterval() {
        return this.reclaimInterval;
    }

    public void setReclaimInterval(Duration reclaimInterval) {
        this.reclaimInterval = reclaimInterval;
    }

    public Duration getConsumerIdleLimit() {
        return this.consumerIdleLimit;
    }

    public void setConsumerIdleLimit(Duration consumerIdleLimit) {
        this.consumerIdleLimit = consumerIdleLimit;
    }

    public Duration getCommandTimeout() {
        return this.commandTimeout;
    }

    public void setCommandTimeout(Duration commandTimeout) {
        this.commandTimeout = commandTimeout;
    }

    public Duration getConnectTimeout() {
        return this.connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public Duration getReconnectDelayMax() {
        return this.reconnectDelayMax;
    }

    public void setReconnectDelayMax(Duration reconnectDelayMax) {
        this.reconnectDelayMax = reconnectDelayMax;
    }

    public boolean isCheckServer() {
        return this.checkServer;
    }

    public void setCheckServer(boolean checkServer) {
        this.checkServer = checkServer;
    }

    public boolean isAllowEvictingPolicy() {
        return this.allowEvictingPolicy;
    }

    public void setAllowEvictingPolicy(boolean allowEvictingPolicy) {
        this.allowEvictingPolicy = allowEvictingPolicy;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    /// The broker's tuning.
    RedisBrokerOptions brokerOptions() {
        return new RedisBrokerOptions(this.reclaimInterval, this.consumerIdleLimit);
    }

    /// The shortest command timeout that lets a fetch block for the whole reclaim interval.
    Duration minimumCommandTimeout() {
        return this.reclaimInterval.plusSeconds(1);
    }

    /// TLS of the connections Stem opens itself.
    public static class Ssl {

        /// Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust and key material the
        /// connections from stem.broker.url and stem.backend.url use; setting it turns TLS on, as a
        /// rediss:// URL does. The application's own connection uses spring.data.redis.ssl.bundle.
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }
    }
}
