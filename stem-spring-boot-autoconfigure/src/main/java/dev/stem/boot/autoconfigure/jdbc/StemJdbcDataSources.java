package dev.stem.boot.autoconfigure.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/// The `DataSource`s Stem's PostgreSQL stores use: one for the broker and the coordination stores,
/// one for the result backend (often the same one), each `null` when that part is not on PostgreSQL.
///
/// Guarantees: a part with a pool of its own ([StemJdbcConnectionDetails]: from `stem.broker.url`,
/// `stem.backend.url`, or the application's bean) gets a pool built for Stem alone (Hikari when it is on the
/// classpath, named `stem-<part>`), which [#close()] closes; every other part uses the shared
/// `DataSource` (the `@StemDataSource` one, else the application's), which Stem never closes. The
/// backend uses the broker's pool when it has none of its own or the same one.
public final class StemJdbcDataSources implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StemJdbcDataSources.class);

    private final @Nullable DataSource broker;

    private final @Nullable DataSource backend;

    private final List<DataSource> owned;

    /// Data sources the application manages itself: `broker` for the broker and the coordination
    /// stores, `backend` for results; either may be `null` when that part is not on PostgreSQL.
    /// Stem never closes them.
    public StemJdbcDataSources(@Nullable DataSource broker, @Nullable DataSource backend) {
        this(broker, backend, List.of());
    }

    private StemJdbcDataSources(@Nullable DataSource broker, @Nullable DataSource backend, List<DataSource> owned) {
        this.broker = broker;
        this.backend = backend;
        this.owned = owned;
    }

    /// Resolves the data sources. `brokerDetails` and `backendDetails` are the parts' own pools
    /// ([StemJdbcConnectionDetails], only read for a part that is on PostgreSQL); `shared` supplies
    /// the `DataSource` of a part without one, and is only called when one is needed.
    static StemJdbcDataSources resolve(boolean brokerOnPostgres, @Nullable JdbcConnectionDetails brokerDetails,
            boolean backendOnPostgres, @Nullable JdbcConnectionDetails backendDetails, Supplier<DataSource> shared) {
        List<DataSource> owned = new ArrayList<>();
        DataSource broker = null;
        if (brokerOnPostgres) {
            broker = brokerDetails != null ? build("broker", brokerDetails, owned) : shared.get();
        }
        DataSource backend = null;
        if (backendOnPostgres) {
            if (backendDetails != null && !(broker != null && backendDetails == brokerDetails)) {
                backend = build("backend", backendDetails, owned);
            }
            else {
                backend = broker != null ? broker : shared.get();
            }
        }
        return new StemJdbcDataSources(broker, backend, List.copyOf(owned));
    }

    /// The broker's and coordination stores' `DataSource`, or `null` when the broker is not on PostgreSQL.
    public @Nullable DataSource broker() {
        return this.broker;
    }

    /// The result backend's `DataSource`, or `null` when results are not on PostgreSQL.
    public @Nullable DataSource backend() {
        return this.backend;
    }

    /// The broker's `DataSource`, else the backend's: the one the shared `LISTEN` connection uses.
    public DataSource primary() {
        DataSource primary = this.broker != null ? this.broker : this.backend;
        if (primary == null) {
            throw new IllegalStateException("Neither the Stem broker nor the result backend is on PostgreSQL");
        }
        return primary;
    }

    /// Every distinct `DataSource` in use, the broker's first.
    public List<DataSource> all() {
        List<DataSource> all = new ArrayList<>();
        if (this.broker != null) {
            all.add(this.broker);
        }
        if (this.backend != null && this.backend != this.broker) {
            all.add(this.backend);
        }
        return all;
    }

    /// Whether `dataSource` is a pool built from `stem.broker.url` or `stem.backend.url` (closed
    /// with this object).
    public boolean isOwned(DataSource dataSource) {
        return this.owned.stream().anyMatch(candidate -> candidate == dataSource);
    }

    /// Closes the pools built from `stem.broker.url` and `stem.backend.url`; a shared `DataSource`
    /// is left to its owner.
    @Override
    public void close() throws Exception {
        for (DataSource dataSource : this.owned) {
            if (dataSource instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static DataSource build(String part, JdbcConnectionDetails details, List<DataSource> owned) {
        DataSource dataSource = DataSourceBuilder.create(StemJdbcDataSources.class.getClassLoader())
                .url(details.getJdbcUrl())
                .username(details.getUsername())
                .password(details.getPassword())
                .driverClassName(details.getDriverClassName())
                .build();
        BeanWrapper pool = PropertyAccessorFactory.forBeanPropertyAccess(dataSource);
        if (pool.isWritableProperty("poolName")) {
            pool.setPropertyValue("poolName", "stem-" + part);
        }
        String target = details.getJdbcUrl().replaceFirst("\\?.*", "");
        log.info("Stem {} uses its own connection pool ({}) on {}", part, dataSource.getClass().getSimpleName(),
                target);
        owned.add(dataSource);
        return dataSource;
    }

    private static boolean hasText(@Nullable String text) {
        return text != null && !text.isBlank();
    }

    private static @Nullable String trimmed(@Nullable String text) {
        return text != null ? text.trim() : null;
    }
}
