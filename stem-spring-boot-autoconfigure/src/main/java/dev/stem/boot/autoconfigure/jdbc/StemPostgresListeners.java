package dev.stem.boot.autoconfigure.jdbc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.context.SmartLifecycle;

import dev.stem.jdbc.PostgresListener;
import dev.stem.worker.Worker;

/// The `LISTEN` connections of Stem's PostgreSQL stores, one [PostgresListener] per `DataSource`,
/// started and stopped with the application context.
///
/// Guarantees: a listener holds no connection before [#start()] (so building the context, a
/// failed start included, never takes a pooled connection for it); with `stem.jdbc.listen=false`
/// none is ever started, and the stores wait by polling alone. They start before the worker
/// (phase [#PHASE], below [Worker#PHASE]) and stop after it.
public final class StemPostgresListeners implements SmartLifecycle {

    /// Before the worker starts fetching, after it stopped.
    public static final int PHASE = Worker.PHASE - 100;

    private final boolean listen;

    private final Map<DataSource, PostgresListener> listeners = new ConcurrentHashMap<>();

    private volatile boolean running;

    /// Listeners that connect on [#start()] when `listen` is true, and never otherwise.
    public StemPostgresListeners(boolean listen) {
        this.listen = listen;
    }

    /// The listener on `dataSource`, made on first use (not started until this lifecycle starts,
    /// or at once when it runs already).
    public PostgresListener on(DataSource dataSource) {
        return this.listeners.computeIfAbsent(dataSource, key -> {
            PostgresListener listener = new PostgresListener(key);
            if (this.running && this.listen) {
                listener.start();
            }
            return listener;
        });
    }

    @Override
    public synchronized void start() {
        this.running = true;
        if (this.listen) {
            this.listeners.values().forEach(PostgresListener::start);
        }
    }

    @Override
    public synchronized void stop() {
        this.running = false;
        this.listeners.values().forEach(PostgresListener::stop);
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
