package dev.stem.jdbc;

import javax.sql.DataSource;

import dev.stem.contract.ChordCrashTestWorker;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PostgresTestServer;

/// The worker process of [PostgresChordCrashTests], on the table prefix given as a system property.
final class PostgresChordCrashTestWorker {

    private PostgresChordCrashTestWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        DataSource dataSource = PostgresTestServer.dataSource();
        TablePrefix prefix = TablePrefix.of(System.getProperty("stem.test.prefix"));
        ChordCrashTestWorker.run(new PostgresBroker(dataSource, prefix, new EnvelopeCodec()),
                new JdbcResultBackend(dataSource, prefix), new JdbcChordStore(dataSource, prefix), args);
    }
}
