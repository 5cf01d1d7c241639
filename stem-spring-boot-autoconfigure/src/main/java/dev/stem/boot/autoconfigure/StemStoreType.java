package dev.stem.boot.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/// Where Stem keeps a kind of state: in this JVM's memory, in Redis or in PostgreSQL.
public enum StemStoreType {

    /// In this JVM only: nothing survives a restart and nothing is shared between processes.
    MEMORY,
    /// Redis (Streams broker and the Redis adapters of `stem-redis`).
    REDIS,
    /// PostgreSQL (the adapters of `stem-jdbc`).
    POSTGRES;

    /// The store a connection URL points at, from its scheme; `null` for a blank URL.
    static @Nullable StemStoreType fromUrl(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String scheme = url.substring(0, Math.max(0, url.indexOf(':'))).toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "redis", "rediss" -> REDIS;
            case "postgresql", "postgres", "jdbc" -> POSTGRES;
            case "memory" -> MEMORY;
            default -> throw new IllegalArgumentException("Unsupported URL scheme '" + scheme + "' in '" + url
                    + "': use redis://, rediss://, postgresql:// or jdbc:postgresql://");
        };
    }
}
