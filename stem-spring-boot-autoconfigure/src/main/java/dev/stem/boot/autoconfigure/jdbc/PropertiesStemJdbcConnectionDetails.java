package dev.stem.boot.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.core.env.Environment;

import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.boot.autoconfigure.StemStores;

/// [StemJdbcConnectionDetails] from `stem.broker.url` and `stem.backend.url` ([PostgresUrl]): a part
/// on PostgreSQL with a URL of its own gets a pool of its own; the backend shares the broker's when
/// its URL is missing or the same.
final class PropertiesStemJdbcConnectionDetails implements StemJdbcConnectionDetails {

    private final @Nullable JdbcConnectionDetails broker;

    private final @Nullable JdbcConnectionDetails backend;

    PropertiesStemJdbcConnectionDetails(Environment environment) {
        String brokerUrl = StemStores.broker(environment) == StemStoreType.POSTGRES
                ? text(environment.getProperty("stem.broker.url")) : null;
        String backendUrl = StemStores.backend(environment) == StemStoreType.POSTGRES
                ? text(environment.getProperty("stem.backend.url")) : null;
        this.broker = brokerUrl != null ? PostgresUrl.parse("stem.broker.url", brokerUrl) : null;
        this.backend = backendUrl != null && !backendUrl.equals(brokerUrl)
                ? PostgresUrl.parse("stem.backend.url", backendUrl) : null;
    }

    @Override
    public @Nullable JdbcConnectionDetails broker() {
        return this.broker;
    }

    @Override
    public @Nullable JdbcConnectionDetails backend() {
        return this.backend;
    }

    private static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
