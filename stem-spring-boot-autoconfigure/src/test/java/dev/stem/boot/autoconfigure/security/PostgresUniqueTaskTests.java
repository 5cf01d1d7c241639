package dev.stem.boot.autoconfigure.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

/// [UniqueTaskScenarios] on PostgreSQL, on the application's `DataSource`: the first half of each
/// thread's enqueues run in transactions that roll back (publishing nothing and blocking nothing),
/// the second half commit, and exactly one of those runs.
@RequiresPostgres
class PostgresUniqueTaskTests extends UniqueTaskScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = PostgresTestServer.randomPrefix();

    PostgresUniqueTaskTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void dropTables() {
        prefixes.forEach(PostgresTestServer::dropTables);
    }

    @Override
    protected ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                        JacksonAutoConfiguration.class, StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
                .withPropertyValues("stem.broker.type=postgres", "stem.jdbc.table-prefix=" + this.prefix,
                        "stem.worker.shutdown-timeout=2s", "stem.worker.fetch-wait=200ms");
    }

    @Override
    protected @Nullable String enqueue(AssertableApplicationContext context, int thread, int i, Stem stem) {
        if (i >= ENQUEUES / 2) {
            return enqueue(stem, thread);
        }
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(status -> {
            enqueue(stem, thread);
            status.setRollbackOnly();
        });
        return null;
    }
}
