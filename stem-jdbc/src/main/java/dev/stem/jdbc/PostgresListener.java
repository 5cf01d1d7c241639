package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/// Receives PostgreSQL `NOTIFY` messages on one dedicated connection and hands them to listeners.
///
/// Guarantees:
///
/// - Nothing happens until [#start()]: a new listener holds no thread and no connection, and one
///   that is never started never connects (its subscribers rely on polling alone). Between
///   [#start()] and [#stop()] one daemon thread holds one connection taken from the given
///   [DataSource] (never one bound to a Spring transaction) and runs `LISTEN` for every subscribed
///   channel. It may be started again after a stop.
/// - When the connection fails it is replaced after a back-off and every channel is listened to
///   again; each subscriber's `onReconnect` runs then, because notifications may have been missed
///   while it was down. Failures are logged, never thrown at subscribers.
/// - A notification is only a wake-up hint: users of this class keep polling as a fallback, so a
///   lost notification (a pooler that drops `LISTEN`, a restart) delays work but loses nothing.
///
/// Several adapters may share one listener, so an application needs only one such connection.
/// Through a transaction-pooling PgBouncer `LISTEN` does not work: give this listener a
/// [DataSource] that connects to PostgreSQL directly.
public final class PostgresListener implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PostgresListener.class);

    private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static final int RECEIVE_TIMEOUT_MS = 250;

    private static final Duration VALIDATION_INTERVAL = Duration.ofSeconds(30);

    private static final Duration MAX_BACK_OFF = Duration.ofSeconds(5);

    private final DataSource dataSource;

    private final Map<String, List<Subscription>> subscriptions = new ConcurrentHashMap<>();

    private final Set<String> listening = ConcurrentHashMap.newKeySet();

    private volatile @Nullable Thread thread;

    private volatile boolean running;

    private volatile boolean connected;

    /// A listener that will take its connection from `dataSource` once [#start()] is called.
    public PostgresListener(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /// A listener on `dataSource` that is already started, for an adapter that listens on its own.
    public static PostgresListener started(DataSource dataSource) {
        PostgresListener listener = new PostgresListener(dataSource);
        listener.start();
        return listener;
    }

    /// Starts the thread that connects and listens; does nothing when it runs already.
    public synchronized void start() {
        if (this.running) {
            return;
        }
        this.running = true;
        Thread started = Thread.ofPlatform().daemon().name("stem-pg-listener").unstarted(this::run);
        this.thread = started;
        started.start();
    }

    /// Whether [#start()] was called and [#stop()] was not since.
    public boolean isRunning() {
        return this.running;
    }

    /// Calls `onPayload` with the payload of every notification on `channel`, and `onReconnect`
    /// whenever the connection was re-established (notifications may have been lost). The
    /// returned handle stops both. `channel` must be a valid unquoted identifier.
    public AutoCloseable subscribe(String channel, Consumer<String> onPayload, Runnable onReconnect) {
        if (!CHANNEL.matcher(channel).matches()) {
            throw new IllegalArgumentException("Invalid channel '" + channel
                    + "': must be 1-63 characters of a-z 0-9 _ starting with a letter or _");
        }
        Subscription subscription = new Subscription(onPayload, onReconnect);
        this.subscriptions.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(subscription);
        return () -> this.subscriptions.computeIfPresent(channel, (key, list) -> {
            list.remove(subscription);
            return list.isEmpty() ? null : list;
        });
    }

    /// Waits up to `timeout` until `LISTEN` runs for `channel` on a live connection; `false` if it
    /// did not happen in time (the connection is down), in which case notifications sent meanwhile
    /// are missed.
    public boolean awaitListening(String channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(this.connected && this.listening.contains(channel))) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /// Whether the listening connection is currently up.
    public boolean isConnected() {
        return this.connected;
    }

    /// Stops the thread and closes the connection; subscriptions stay for a later [#start()].
    public synchronized void stop() {
        this.running = false;
        Thread previous = this.thread;
        this.thread = null;
        if (previous == null) {
            return;
        }
        previous.interrupt();
        try {
            previous.join(Duration.ofSeconds(5));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /// Stops the thread and closes the connection, as [#stop()].
    @Override
    public void close() {
        stop();
    }

    private boolean active() {
        return this.running && this.thread == Thread.currentThread();
    }

    private void run() {
        Duration backOff = Duration.ofMillis(100);
        while (active()) {
            try (Connection connection = this.dataSource.getConnection()) {
                connection.setAutoCommit(true);
                this.listening.clear();
                listenToNewChannels(connection);
                this.connected = true;
                backOff = Duration.ofMillis(100);
                this.subscriptions.values().forEach(list -> list.forEach(Subscription::reconnected));
                receive(connection);
            }
            catch (SQLException | RuntimeException ex) {
                if (active()) {
                    logger.warn("PostgreSQL notification connection failed; reconnecting in {} ms (polling continues)",
                            backOff.toMillis(), ex);
                }
            }
            finally {
                this.connected = false;
            }
            if (active()) {
                LockSupport.parkNanos(backOff.toNanos());
                backOff = backOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : backOff.multipliedBy(2);
            }
        }
    }

    private void receive(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        long nextValidation = System.nanoTime() + VALIDATION_INTERVAL.toNanos();
        while (active()) {
            PGNotification[] notifications = pg.getNotifications(RECEIVE_TIMEOUT_MS);
            if (notifications != null) {
                for (PGNotification notification : notifications) {
                    dispatch(notification.getName(), notification.getParameter());
                }
            }
            listenToNewChannels(connection);
            if (System.nanoTime() - nextValidation > 0) {
                if (!connection.isValid(5)) {
                    throw new SQLException("Notification connection is no longer valid");
                }
                nextValidation = System.nanoTime() + VALIDATION_INTERVAL.toNanos();
            }
        }
    }

    private void listenToNewChannels(Connection connection) throws SQLException {
        for (String channel : this.subscriptions.keySet()) {
            if (!this.listening.contains(channel)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                this.listening.add(channel);
            }
        }
    }

    private void dispatch(String channel, String payload) {
        List<Subscription> list = this.subscriptions.get(channel);
        if (list == null) {
            return;
        }
        for (Subscription subscription : list) {
            try {
                subscription.onPayload().accept(payload);
            }
            catch (RuntimeException ex) {
                logger.warn("Notification handler for channel {} failed", channel, ex);
            }
        }
    }

    private record Subscription(Consumer<String> onPayload, Runnable onReconnect) {

        void reconnected() {
            try {
                this.onReconnect.run();
            }
            catch (RuntimeException ex) {
                logger.warn("Reconnect handler failed", ex);
            }
        }
    }
}
