package dev.stem.jdbc;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.stem.backend.ResultRejectedException;
import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;

/// Turns the database errors of the broker's calls into the typed errors callers can act on:
///
/// - no connection (SQLSTATE class `08`, a pool that timed out waiting for one, a server shutting
///   down or starting up, `too_many_connections`) and a statement cancelled by its
///   `statement_timeout` or `lock_timeout` → [BrokerUnavailableException];
/// - `disk_full` (SQLSTATE `53100`) → [BrokerFullException];
/// - in a write of result records, a value the database can never hold → [ResultRejectedException].
///
/// Both name the server as `host:port` from the [DataSource]'s JDBC URL (never a user or a
/// password). Every other error passes through unchanged.
final class PostgresFailures {

    private static final Logger logger = LoggerFactory.getLogger(PostgresFailures.class);

    private static final int DEFAULT_PORT = 5432;

    private final DataSource dataSource;

    private volatile @Nullable String endpoint;

    PostgresFailures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /// Runs `call`, translating its failure as described above; `action` names the call in the message.
    <T> T translate(String action, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RuntimeException ex) {
            throw translate(action, ex);
        }
    }

    /// Runs `call`, a write of result records, translating its failure as [#translate(String, Supplier)]
    /// does; a record PostgreSQL can never hold (SQLSTATE `22P05`, such as U+0000 in a `jsonb`
    /// string, or `22021`, a character the database encoding lacks) fails with a
    /// [ResultRejectedException] instead, so that the caller does not write it again.
    <T> T translateResultWrite(String action, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RuntimeException ex) {
            String state = sqlState(ex);
            if ("22P05".equals(state) || "22021".equals(state)) {
                String why = "22P05".equals(state) ? "a JSON string with the character U+0000 cannot be stored in jsonb"
                        : "it holds a character the database's encoding cannot represent";
                throw new ResultRejectedException("PostgreSQL at " + endpoint() + " cannot hold a record of "
                        + action + " (" + rootMessage(ex) + ", SQLSTATE " + state + "); " + why, ex);
            }
            throw translate(action, ex);
        }
    }

    /// `ex` as a typed error when it is one of the failures above, else `ex` itself.
    RuntimeException translate(String action, RuntimeException ex) {
        if (ex instanceof BrokerUnavailableException || ex instanceof BrokerFullException) {
            return ex;
        }
        String state = sqlState(ex);
        if ("53100".equals(state)) {
            return new BrokerFullException("PostgreSQL at " + endpoint() + " is out of disk space: " + action
                    + " wrote nothing (" + rootMessage(ex) + ")", ex);
        }
        if ("57014".equals(state) || "55P03".equals(state)) {
            return new BrokerUnavailableException("PostgreSQL at " + endpoint() + " did not finish " + action
                    + " in time (" + rootMessage(ex) + "); nothing was changed, retry later", ex);
        }
        if (isConnectionFailure(ex, state)) {
            return new BrokerUnavailableException("PostgreSQL at " + endpoint() + " is unavailable: " + action
                    + " failed (" + rootMessage(ex) + ")", ex);
        }
        return ex;
    }

    /// Whether `ex` means the database did not answer: no connection, or a statement cancelled by
    /// its `statement_timeout` or `lock_timeout` (what [#translate(String, RuntimeException)] turns
    /// into a [BrokerUnavailableException]).
    boolean isUnavailable(RuntimeException ex) {
        if (ex instanceof BrokerUnavailableException) {
            return true;
        }
        String state = sqlState(ex);
        return "57014".equals(state) || "55P03".equals(state) || isConnectionFailure(ex, state);
    }

    /// The server the data source connects to, as `host:port` (several, comma-separated, for a
    /// multi-host URL), or a description of the data source when its URL cannot be read.
    String endpoint() {
        String known = this.endpoint;
        if (known == null) {
            String url = jdbcUrl(this.dataSource);
            known = url != null ? hostsOf(url) : "the database of " + this.dataSource.getClass().getSimpleName();
            this.endpoint = known;
        }
        return known;
    }

    /// The `host:port` list of a `jdbc:postgresql:` URL, with the default port filled in; the
    /// path, the query (where a password may be) and any `user@` part are left out.
    static String hostsOf(String url) {
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        int scheme = rest.indexOf("://");
        if (scheme < 0) {
            return "localhost:" + DEFAULT_PORT;
        }
        String authority = rest.substring(scheme + 3);
        int end = indexOfAny(authority, "/?");
        authority = end >= 0 ? authority.substring(0, end) : authority;
        authority = authority.substring(authority.lastIndexOf('@') + 1);
        if (authority.isEmpty()) {
            return "localhost:" + DEFAULT_PORT;
        }
        StringBuilder hosts = new StringBuilder();
        for (String host : authority.split(",")) {
            if (!hosts.isEmpty()) {
                hosts.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            hosts.append(host).append(hasPort ? "" : ":" + DEFAULT_PORT);
        }
        return hosts.toString();
    }

    private static int indexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isConnectionFailure(RuntimeException ex, @Nullable String state) {
        if (ex instanceof CannotGetJdbcConnectionException) {
            return true;
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
        }
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }

    private static @Nullable String sqlState(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message != null ? message.lines().findFirst().orElse(message) : root.getClass().getSimpleName();
    }

    /// The JDBC URL of a pool or driver data source (HikariCP's `getJdbcUrl`, Spring's and pgjdbc's
    /// `getUrl`), looking through Spring's delegating data sources; `null` when it has neither.
    private static @Nullable String jdbcUrl(DataSource dataSource) {
        DataSource current = dataSource;
        for (int depth = 0; depth < 5; depth++) {
            for (String getter : new String[] { "getJdbcUrl", "getUrl" }) {
                try {
                    Object url = current.getClass().getMethod(getter).invoke(current);
                    if (url instanceof String text && !text.isBlank()) {
                        return text;
                    }
                }
                catch (ReflectiveOperationException | RuntimeException ex) {
                    logger.trace("{} has no usable {}()", current.getClass().getName(), getter);
                }
            }
            if (current instanceof DelegatingDataSource delegating
                    && delegating.getTargetDataSource() != null) {
                current = delegating.getTargetDataSource();
            }
            else {
                return null;
            }
        }
        return null;
    }
}
