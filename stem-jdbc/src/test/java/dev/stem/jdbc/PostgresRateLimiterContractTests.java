package dev.stem.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.control.RateLimiter;
import dev.stem.contract.RateLimiterContractTests;
import dev.stem.test.server.RequiresPostgres;

@RequiresPostgres
class PostgresRateLimiterContractTests extends RateLimiterContractTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Override
    protected RateLimiter createRateLimiter() {
        return new JdbcRateLimiter(postgres.dataSource(), postgres.prefix());
    }
}
