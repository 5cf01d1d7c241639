package dev.stem.boot.autoconfigure.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/// Where Stem's PostgreSQL stores connect when they do not use a `DataSource` of the application:
/// a pool of the broker's own and one of the result backend's, each described as Spring Boot
/// describes a JDBC connection ([JdbcConnectionDetails]).
///
/// The auto-configured bean reads `stem.broker.url` and `stem.backend.url`. Define a bean of this
/// type to point the stores elsewhere, for example at a `@ServiceConnection` container or a Docker
/// Compose service: `StemJdbcConnectionDetails.of(postgres, null)` with the `JdbcConnectionDetails`
/// Boot made for it (the part must still be on PostgreSQL: `stem.broker.type=postgres`).
public interface StemJdbcConnectionDetails extends ConnectionDetails {

    /// The broker's and coordination stores' own pool; `null` to use the application's `DataSource`.
    @Nullable JdbcConnectionDetails broker();

    /// The result backend's own pool; `null` to use the broker's (or the application's
    /// `DataSource` when the broker has none or is not on PostgreSQL).
    @Nullable JdbcConnectionDetails backend();

    /// Details with the given connections.
    static StemJdbcConnectionDetails of(@Nullable JdbcConnectionDetails broker,
            @Nullable JdbcConnectionDetails backend) {
        return new StemJdbcConnectionDetails() {

            @Override
            public @Nullable JdbcConnectionDetails broker() {
                return broker;
            }

            @Override
            public @Nullable JdbcConnectionDetails backend() {
                return backend;
            }
        };
    }
}
