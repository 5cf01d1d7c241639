package dev.stem.boot.autoconfigure.redis;

import java.util.Locale;

import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import dev.stem.boot.autoconfigure.diagnostics.InvalidStoreUrlException;

/// A standalone Redis connection read from a `redis://` or `rediss://` URL, the value of a `stem.*`
/// property; `rediss://` asks for TLS.
///
/// @param property the property the URL came from, named in errors
/// @param uri the parsed URL
record RedisUrlConnectionDetails(String property, RedisURI uri) implements DataRedisConnectionDetails {

    /// Parses `url`, the value of `property`; an invalid one is rejected naming the property, with
    /// the password masked.
    static RedisUrlConnectionDetails parse(String property, String url) {
        String trimmed = url.trim();
        String scheme = trimmed.substring(0, Math.max(0, trimmed.indexOf("://"))).toLowerCase(Locale.ROOT);
        if (!scheme.equals(RedisURI.URI_SCHEME_REDIS) && !scheme.equals(RedisURI.URI_SCHEME_REDIS_SECURE)) {
            throw invalid(property, url, "use redis://[user:password@]host:6379[/database] or rediss://... for TLS");
        }
        try {
            return new RedisUrlConnectionDetails(property, RedisURI.create(trimmed));
        }
        catch (IllegalArgumentException ex) {
            throw invalid(property, url, String.valueOf(ex.getMessage()));
        }
    }

    @Override
    public @Nullable String getUsername() {
        return this.uri.getUsername();
    }

    @Override
    public @Nullable String getPassword() {
        char[] password = this.uri.getPassword();
        return password != null ? new String(password) : null;
    }

    @Override
    public Standalone getStandalone() {
        return Standalone.of(this.uri.getHost(), this.uri.getPort(), this.uri.getDatabase());
    }

    @Override
    public String toString() {
        return this.property + " (" + this.uri.getHost() + ":" + this.uri.getPort() + ")";
    }

    private static InvalidStoreUrlException invalid(String property, String url, String reason) {
        return new InvalidStoreUrlException(property, mask(url), reason);
    }

    /// `url` with the password of its user info replaced by `******`.
    static String mask(String url) {
        return url.replaceFirst("(://[^/?@]*:)[^/?@:]*@", "$1******@");
    }
}
