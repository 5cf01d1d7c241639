package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.backend.ResultBackend;
import dev.stem.contract.ResultBackendContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresResultBackendContractTests extends ResultBackendContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected ResultBackend createResultBackend() {
        return new JdbcResultBackend(postgres.dataSource(), postgres.prefix());
    }
}
