package dev.stem.bench.store;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.stem.backend.ResultBackend;
import dev.stem.bench.ShutdownCleanup;
import dev.stem.broker.Broker;
import dev.stem.control.RevokeStore;

/// An owning store that is closed (so its keys or tables deleted) at the latest when the JVM shuts
/// down (see [ShutdownCleanup]), for example on Ctrl-C or `kill`: a benchmark interrupted halfway
/// leaves nothing behind. Closing it more than once has no further effect.
final class TrackedStore implements BenchStore {

    private final BenchStore store;

    private final AtomicBoolean closed = new AtomicBoolean();

    private TrackedStore(BenchStore store) {
        this.store = store;
    }

    /// `store`, closed at shutdown unless closed before.
    static BenchStore track(BenchStore store) {
        TrackedStore tracked = new TrackedStore(store);
        ShutdownCleanup.register(tracked, tracked::close);
        return tracked;
    }

    @Override
    public String kind() {
        return this.store.kind();
    }

    @Override
    public String prefix() {
        return this.store.prefix();
    }

    @Override
    public Broker broker() {
        return this.store.broker();
    }

    @Override
    public ResultBackend backend() {
        return this.store.backend();
    }

    @Override
    public RevokeStore revokes() {
        return this.store.revokes();
    }

    @Override
    public OptionalLong serverCpuNanos() {
        return this.store.serverCpuNanos();
    }

    @Override
    public void close() {
        if (this.closed.compareAndSet(false, true)) {
            try {
                this.store.close();
            }
            finally {
                ShutdownCleanup.unregister(this);
            }
        }
    }
}
