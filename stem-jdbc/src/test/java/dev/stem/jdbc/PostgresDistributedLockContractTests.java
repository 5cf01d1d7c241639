package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.control.DistributedLock;
import dev.stem.contract.DistributedLockContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresDistributedLockContractTests extends DistributedLockContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected DistributedLock createLock() {
        return new JdbcDistributedLock(postgres.dataSource(), postgres.prefix());
    }
}
