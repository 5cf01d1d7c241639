package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.control.RevokeStore;
import dev.stem.contract.RevokeStoreContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresRevokeStoreContractTests extends RevokeStoreContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected RevokeStore createRevokeStore() {
        return new JdbcRevokeStore(postgres.dataSource(), postgres.prefix());
    }
}
