package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/// One connection of the broker's own for lease extensions, so that they never wait for a pool
/// connection behind claims (which may all be waiting on a lock): taken from the data source at the
/// first extension and held until [#close()]; a connection that failed is given back and the
/// next extension takes a fresh one. Extensions run one at a time on it, each in autocommit mode,
/// never in a transaction of the caller. A connection that is gone (SQLSTATE class `08`, or a
/// session the server terminated: `57P01`, `57P02`, `57P03`) is replaced at once and the extension
/// run again on the fresh one, up to [#ATTEMPTS] times in all, since an extension can safely run
/// twice (a pool may hand out a connection whose session was terminated too).
final class LeaseConnection implements AutoCloseable {

    /// How many connections one extension tries before it fails.
    static final int ATTEMPTS = 3;

    private static final Logger logger = LoggerFactory.getLogger(LeaseConnection.class);

    private final DataSource dataSource;

    private final SQLExceptionTranslator translator = new SQLStateSQLExceptionTranslator();

    private final ReentrantLock lock = new ReentrantLock();

    private @Nullable Connection connection;

    private boolean closed;

    LeaseConnection(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /// Runs `statement` with `args` under `timeout` (when shorter than its own) and returns how many
    /// rows it changed.
    int update(String task, TimedStatement statement, Duration timeout, Object... args) {
        this.lock.lock();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    return statement.update(connection(), timeout, args);
                }
                catch (SQLException ex) {
                    discard();
                    if (attempt >= ATTEMPTS || !isGone(ex)) {
                        throw ex;
                    }
                    logger.debug("The lease connection is gone ({}); running the {} on a fresh one", ex.getMessage(),
                            task);
                }
            }
        }
        catch (SQLException ex) {
            discard();
            RuntimeException translated = this.translator.translate(task, null, ex);
            throw translated != null ? translated : new IllegalStateException(task + " failed", ex);
        }
        finally {
            this.lock.unlock();
        }
    }

    private static boolean isGone(SQLException ex) {
        String state = ex.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private Connection connection() throws SQLException {
        if (this.closed) {
            throw new IllegalStateException("The broker is closed");
        }
        Connection current = this.connection;
        if (current == null) {
            current = this.dataSource.getConnection();
            current.setAutoCommit(true);
            this.connection = current;
        }
        return current;
    }

    private void discard() {
        Connection current = this.connection;
        this.connection = null;
        if (current != null) {
            try {
                current.close();
            }
            catch (SQLException ex) {
                logger.debug("Closing a failed lease connection failed", ex);
            }
        }
    }

    @Override
    public void close() {
        this.lock.lock();
        try {
            this.closed = true;
            discard();
        }
        finally {
            this.lock.unlock();
        }
    }
}
