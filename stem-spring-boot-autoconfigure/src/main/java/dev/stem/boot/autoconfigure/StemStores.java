package dev.stem.boot.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/// Resolves which store backs the broker and which backs results, from `stem.broker.*` and
/// `stem.backend.*`, the same way for every auto-configuration.
///
/// - broker: `stem.broker.type`, else the scheme of `stem.broker.url`, else memory
/// - backend: `stem.backend.type`, else the scheme of `stem.backend.url`, else the broker's store
///
/// The coordination stores (schedules, locks, rate limits, revokes, events, worker registry)
/// follow the broker.
public final class StemStores {

    private StemStores() {
    }

    /// The store of the broker and of the coordination stores.
    public static StemStoreType broker(Environment environment) {
        StemStoreType type = resolve(environment, "stem.broker");
        return type != null ? type : StemStoreType.MEMORY;
    }

    /// The store of the result backend.
    public static StemStoreType backend(Environment environment) {
        StemStoreType type = resolve(environment, "stem.backend");
        return type != null ? type : broker(environment);
    }

    private static @Nullable StemStoreType resolve(Environment environment, String prefix) {
        String type = environment.getProperty(prefix + ".type");
        if (type != null && !type.isBlank()) {
            try {
                return StemStoreType.valueOf(type.trim().toUpperCase(Locale.ROOT));
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("Invalid " + prefix + ".type '" + type
                        + "': use memory, redis or postgres", ex);
            }
        }
        String url = environment.getProperty(prefix + ".url");
        try {
            return StemStoreType.fromUrl(url);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Invalid " + prefix + ".url: " + ex.getMessage(), ex);
        }
    }
}
