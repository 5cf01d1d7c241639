package dev.stem.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/// Creates and upgrades Stem's tables from the versioned scripts shipped in this module
/// (`dev/stem/jdbc/V<n>__<description>.sql`), tracking what it applied in `<prefix>schema_version`.
///
/// Guarantees:
///
/// - Scripts apply in version order, each exactly once: running [#migrate()] again is a no-op, and
///   a database at version 1 is upgraded by applying version 2 and later on top.
/// - All pending scripts apply in one transaction, so a failure leaves the schema unchanged.
/// - Two processes migrating at once are serialized by a transaction-scoped advisory lock
///   (`pg_advisory_xact_lock`, released at commit, safe behind connection poolers); the second
///   finds the work done.
/// - The migration never joins a caller's transaction.
///
/// Applications that manage their schema with Flyway or Liquibase skip this class and run the same
/// scripts from their tool instead (see `docs/postgres.md`).
public final class StemJdbcSchema {

    /// Where the scripts of this module live.
    public static final String DEFAULT_LOCATION = "classpath*:dev/stem/jdbc/";

    private static final Logger logger = LoggerFactory.getLogger(StemJdbcSchema.class);

    private static final Pattern SCRIPT_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    /// First half of the advisory lock key: "Stem" in ASCII.
    private static final int LOCK_CLASS = 0x5374656D;

    private final JdbcTemplate jdbc;

    private final TransactionTemplate transactions;

    private final TablePrefix prefix;

    private final String location;

    /// Migrates the tables with `prefix` using this module's scripts.
    public StemJdbcSchema(DataSource dataSource, TablePrefix prefix) {
        this(dataSource, prefix, DEFAULT_LOCATION);
    }

    /// Migrates the tables with `prefix` using the scripts found at `location` (a Spring resource
    /// location ending in `/`, such as `classpath*:dev/stem/jdbc/`).
    public StemJdbcSchema(DataSource dataSource, TablePrefix prefix, String location) {
        if (!location.endsWith("/")) {
            throw new IllegalArgumentException("Invalid schema location '" + location + "': must end with /");
        }
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.prefix = prefix;
        this.location = location;
    }

    /// Applies every script not applied yet and returns how many it applied.
    public int migrate() {
        List<Script> scripts = scripts();
        Integer applied = this.transactions.execute(status -> {
            this.jdbc.query("SELECT pg_advisory_xact_lock(?, ?)", rs -> {
            }, LOCK_CLASS, this.prefix.value().hashCode());
            this.jdbc.execute(this.prefix.apply("""
                    CREATE TABLE IF NOT EXISTS ${prefix}schema_version (
                        version      integer PRIMARY KEY,
                        script       text        NOT NULL,
                        installed_at timestamptz NOT NULL DEFAULT now()
                    )"""));
            Set<Integer> done = new HashSet<>(this.jdbc.queryForList(
                    this.prefix.apply("SELECT version FROM ${prefix}schema_version"), Integer.class));
            int count = 0;
            for (Script script : scripts) {
                if (done.contains(script.version())) {
                    continue;
                }
                logger.info("Applying Stem schema script {} with table prefix {}", script.name(), this.prefix.value());
                this.jdbc.execute(this.prefix.apply(script.sql()));
                this.jdbc.update(this.prefix.apply("INSERT INTO ${prefix}schema_version (version, script) VALUES (?, ?)"),
                        script.version(), script.name());
                count++;
            }
            return count;
        });
        return applied != null ? applied : 0;
    }

    /// The highest version applied to the database, or 0 when none is.
    public int currentVersion() {
        Boolean exists = this.jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class,
                this.prefix.table("schema_version"));
        if (!Boolean.TRUE.equals(exists)) {
            return 0;
        }
        Integer version = this.jdbc.queryForObject(
                this.prefix.apply("SELECT coalesce(max(version), 0) FROM ${prefix}schema_version"), Integer.class);
        return version != null ? version : 0;
    }

    /// The highest version among the scripts at this schema's location.
    public int latestVersion() {
        List<Script> scripts = scripts();
        return scripts.isEmpty() ? 0 : scripts.getLast().version();
    }

    /// The scripts at this schema's location, in version order.
    public List<Script> scripts() {
        Resource[] resources;
        try {
            resources = new PathMatchingResourcePatternResolver(StemJdbcSchema.class.getClassLoader())
                    .getResources(this.location + "V*__*.sql");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot list the Stem schema scripts at " + this.location, ex);
        }
        List<Script> scripts = new ArrayList<>();
        Set<Integer> versions = new HashSet<>();
        for (Resource resource : resources) {
            String name = resource.getFilename();
            Matcher matcher = name != null ? SCRIPT_NAME.matcher(name) : null;
            if (matcher == null || !matcher.matches()) {
                continue;
            }
            int version = Integer.parseInt(matcher.group(1));
            if (!versions.add(version)) {
                throw new IllegalStateException("Two Stem schema scripts have version " + version + " at " + this.location);
            }
            try {
                scripts.add(new Script(version, name, resource.getContentAsString(StandardCharsets.UTF_8)));
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot read Stem schema script " + name, ex);
            }
        }
        if (scripts.isEmpty()) {
            throw new IllegalStateException("No Stem schema scripts (V<n>__<name>.sql) found at " + this.location);
        }
        scripts.sort(Comparator.comparingInt(Script::version));
        return scripts;
    }

    /// One versioned script, with `${prefix}` placeholders still in its text.
    ///
    /// @param version its version, from the file name
    /// @param name its file name
    /// @param sql its text
    public record Script(int version, String name, String sql) {
    }
}
