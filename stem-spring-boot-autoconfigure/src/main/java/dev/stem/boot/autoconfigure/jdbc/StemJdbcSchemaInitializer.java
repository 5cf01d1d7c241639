package dev.stem.boot.autoconfigure.jdbc;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

import dev.stem.jdbc.StemJdbcSchema;
import dev.stem.jdbc.TablePrefix;

/// Creates and upgrades Stem's tables ([StemJdbcSchema#migrate()]) on each `DataSource` Stem uses
/// when the bean is initialized, if `stem.jdbc.initialize-schema` is `always`.
///
/// It is a database initializer in Spring Boot's sense ([StemJdbcSchemaInitializerDetector]): every
/// Stem store bean, and every other bean marked `@DependsOnDatabaseInitialization` (such as Boot's
/// `JdbcTemplate`), is created after it, as after Flyway and Liquibase. So no worker fetches before
/// the tables exist, whoever creates them. With `never` (or `embedded`, which PostgreSQL never is)
/// it does nothing.
public final class StemJdbcSchemaInitializer implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(StemJdbcSchemaInitializer.class);

    private final List<DataSource> dataSources;

    private final TablePrefix prefix;

    private final DatabaseInitializationMode mode;

    /// Migrates the tables with `prefix` on every one of `dataSources` when `mode` is `ALWAYS`.
    public StemJdbcSchemaInitializer(List<DataSource> dataSources, TablePrefix prefix,
            DatabaseInitializationMode mode) {
        this.dataSources = List.copyOf(dataSources);
        this.prefix = prefix;
        this.mode = mode;
    }

    @Override
    public void afterPropertiesSet() {
        if (this.mode != DatabaseInitializationMode.ALWAYS) {
            log.debug("Stem schema initialization is {}: the {} tables are expected to exist", this.mode,
                    this.prefix.value());
            return;
        }
        for (DataSource dataSource : this.dataSources) {
            StemJdbcSchema schema = new StemJdbcSchema(dataSource, this.prefix);
            int applied = schema.migrate();
            log.info("Stem schema with table prefix {} is at version {} ({} script(s) applied now)",
                    this.prefix.value(), schema.currentVersion(), applied);
        }
    }
}
