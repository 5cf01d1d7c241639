package dev.stem.bench.store;

import java.util.OptionalLong;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.RevokeStore;

/// A broker, result backend and revoke store on one store (Redis or PostgreSQL) under one prefix.
///
/// A store opened by [BenchStores#create] owns its prefix: closing it deletes everything under the
/// prefix (Redis keys, PostgreSQL tables) and closes its connections. A store opened by
/// [BenchStores#attach] (a fleet worker process) only closes its connections.
public interface BenchStore extends AutoCloseable {

    /// `redis` or `postgres`.
    String kind();

    /// The Redis key prefix or PostgreSQL table prefix this store works under.
    String prefix();

    /// The broker adapter.
    Broker broker();

    /// The result backend adapter.
    ResultBackend backend();

    /// The revoke store on the same store, as the Boot auto-configuration wires it: workers read
    /// it once per fetched batch.
    RevokeStore revokes();

    /// CPU time the store's server has used since it started (user and system), when the server
    /// reports it: Redis does (`INFO cpu`), PostgreSQL does not.
    OptionalLong serverCpuNanos();

    /// Closes the adapters and connections and, for an owning store, deletes its keys or tables.
    @Override
    void close();
}
