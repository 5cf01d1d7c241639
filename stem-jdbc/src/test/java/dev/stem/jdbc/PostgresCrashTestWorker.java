package dev.stem.jdbc;

import javax.sql.DataSource;

import dev.stem.contract.CrashTestWorker;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PostgresTestServer;

/// The worker process of [PostgresWorkerCrashTests]: the PostgreSQL broker and backend on the test
/// server, under the table prefix given in `-Dstem.test.prefix`.
final class PostgresCrashTestWorker {

    private PostgresCrashTestWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        DataSource dataSource = PostgresTestServer.dataSource();
        TablePrefix prefix = TablePrefix.of(System.getProperty("stem.test.prefix"));
        CrashTestWorker.run(new PostgresBroker(dataSource, prefix, new EnvelopeCodec()),
                new JdbcResultBackend(dataSource, prefix), args);
    }
}
