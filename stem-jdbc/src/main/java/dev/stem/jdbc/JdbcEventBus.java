package dev.stem.jdbc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;

/// An [EventBus] on PostgreSQL `LISTEN/NOTIFY`, channel `<prefix>events`: no table, nothing stored.
///
/// Guarantees beyond the [EventBus] contract:
///
/// - `subscribe` returns once the channel is being listened to (or after 5 s, with a warning, when
///   the listening connection is down).
/// - `publish` sends at once, outside any transaction of the caller; events from one publisher
///   thread arrive in order.
/// - An event must encode to less than 8,000 bytes of JSON (PostgreSQL's payload limit);
///   a larger one is refused with an [IllegalArgumentException] before anything is sent.
/// - A payload that is not a readable event is logged and skipped.
public final class JdbcEventBus implements EventBus {

    private static final Logger logger = LoggerFactory.getLogger(JdbcEventBus.class);

    private static final int MAX_PAYLOAD_BYTES = 7_999;

    private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

    private final JdbcClient jdbc;

    private final OutsideTransactions outside;

    private final JsonRecords json = new JsonRecords();

    private final String channel;

    private final PostgresListener listener;

    private final @Nullable PostgresListener ownListener;

    private final Set<AutoCloseable> subscriptions = ConcurrentHashMap.newKeySet();

    /// A bus on the channel with `prefix`, with its own listening connection.
    public JdbcEventBus(DataSource dataSource, TablePrefix prefix) {
        this(dataSource, prefix, null);
    }

    /// A bus on the channel with `prefix` that listens through `sharedListener`, or through a
    /// listener of its own (closed with the bus) when that is `null`.
    public JdbcEventBus(DataSource dataSource, TablePrefix prefix, @Nullable PostgresListener sharedListener) {
        this.jdbc = JdbcClient.create(dataSource);
        this.outside = new OutsideTransactions(dataSource);
        this.channel = prefix.table("events");
        this.listener = sharedListener != null ? sharedListener : PostgresListener.started(dataSource);
        this.ownListener = sharedListener != null ? null : this.listener;
    }

    @Override
    public void publish(StemEvent event) {
        String payload = this.json.stemEvent(event);
        int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("Invalid event '" + event.type() + "' from " + event.source() + ": "
                    + bytes + " bytes of JSON, but PostgreSQL notifications carry at most " + MAX_PAYLOAD_BYTES);
        }
        this.outside.run(() -> this.jdbc.sql("SELECT pg_notify(:channel, :payload)")
                .param("channel", this.channel).param("payload", payload).query((rs, n) -> n).list());
    }

    @Override
    public AutoCloseable subscribe(Consumer<StemEvent> eventListener) {
        AutoCloseable handle = this.listener.subscribe(this.channel, payload -> deliver(payload, eventListener), () -> {
        });
        AutoCloseable subscription = new AutoCloseable() {
            @Override
            public void close() throws Exception {
                JdbcEventBus.this.subscriptions.remove(this);
                handle.close();
            }
        };
        this.subscriptions.add(subscription);
        try {
            if (!this.listener.awaitListening(this.channel, SUBSCRIBE_TIMEOUT)) {
                logger.warn("Not yet listening on {}: events are missed until the connection is back", this.channel);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return subscription;
    }

    @Override
    public void close() {
        for (AutoCloseable subscription : this.subscriptions) {
            try {
                subscription.close();
            }
            catch (Exception ex) {
                logger.debug("Closing an event subscription failed", ex);
            }
        }
        if (this.ownListener != null) {
            this.ownListener.close();
        }
    }

    private void deliver(String payload, Consumer<StemEvent> eventListener) {
        StemEvent event;
        try {
            event = this.json.stemEvent(payload);
        }
        catch (RuntimeException ex) {
            logger.warn("Skipping a notification on {} that is not a readable event: {}", this.channel, ex.getMessage());
            return;
        }
        eventListener.accept(event);
    }
}
