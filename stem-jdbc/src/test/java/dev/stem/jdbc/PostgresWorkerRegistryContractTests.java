package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.control.WorkerRegistry;
import dev.stem.contract.WorkerRegistryContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresWorkerRegistryContractTests extends WorkerRegistryContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected WorkerRegistry createWorkerRegistry() {
        return new JdbcWorkerRegistry(postgres.dataSource(), postgres.prefix());
    }
}
