package dev.stem.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/// What Stem needs from a Redis server, read from the server itself (reliability rule 10).
///
/// - `version`: Redis 7.0 or later is required (the scripts use `#!lua` flags, and `XAUTOCLAIM`
///   must report deleted entries).
/// - `maxmemoryPolicy`: anything but `noeviction` lets Redis evict queue keys under memory pressure,
///   which loses jobs silently.
/// - `aofEnabled`: without the append-only file, a restart loses everything written since the last
///   snapshot, acknowledged publishes included.
///
/// Managed services often refuse `CONFIG GET`; then `maxmemoryPolicy` is `null`, and [#problems()]
/// says plainly that the policy could not be checked.
///
/// @param version the server's `redis_version`
/// @param maxmemoryPolicy the `maxmemory-policy` setting, or `null` when the server does not say
/// @param aofEnabled whether the append-only file is on
public record RedisServerCheck(String version, @Nullable String maxmemoryPolicy, boolean aofEnabled) {

    /// The oldest Redis version Stem runs on.
    public static final int MIN_MAJOR_VERSION = 7;

    /// Reads the settings from the server behind `connectionFactory`.
    public static RedisServerCheck of(RedisConnectionFactory connectionFactory) {
        try (RedisConnection connection = connectionFactory.getConnection()) {
            Properties server = connection.serverCommands().info("server");
            Properties persistence = connection.serverCommands().info("persistence");
            String version = server == null ? "unknown" : server.getProperty("redis_version", "unknown");
            boolean aof = persistence != null && "1".equals(persistence.getProperty("aof_enabled"));
            return new RedisServerCheck(version, maxmemoryPolicy(connection), aof);
        }
    }

    private static @Nullable String maxmemoryPolicy(RedisConnection connection) {
        try {
            Properties config = connection.serverCommands().getConfig("maxmemory-policy");
            return config == null ? null : config.getProperty("maxmemory-policy");
        }
        catch (DataAccessException ex) {
            return null;
        }
    }

    /// Whether the server is new enough for Stem to run at all.
    public boolean isSupportedVersion() {
        try {
            return Integer.parseInt(this.version.split("\\.")[0]) >= MIN_MAJOR_VERSION;
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }

    /// Whether the server may evict keys under memory pressure (a known `maxmemory-policy` other than
    /// `noeviction`): queue keys, results and markers can then vanish, and jobs with them.
    public boolean evictsKeys() {
        return this.maxmemoryPolicy != null && !"noeviction".equals(this.maxmemoryPolicy);
    }

    /// What is wrong or risky, or could not be checked, one sentence each; empty when nothing is.
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isSupportedVersion()) {
            problems.add("Redis " + this.version + " is too old: Stem needs Redis " + MIN_MAJOR_VERSION
                    + ".0 or later");
        }
        if (evictsKeys()) {
            problems.add("maxmemory-policy is '" + this.maxmemoryPolicy
                    + "': Redis may evict queue keys and lose jobs; set it to noeviction");
        }
        if (this.maxmemoryPolicy == null) {
            problems.add("could not check maxmemory-policy (the server refused CONFIG GET): make sure it is "
                    + "noeviction, or Redis may evict queue keys and lose jobs");
        }
        if (!this.aofEnabled) {
            problems.add("the append-only file is off: a restart loses every job written since the last snapshot;"
                    + " set appendonly yes (appendfsync everysec or always)");
        }
        return problems;
    }
}
