package dev.stem.boot.autoconfigure.jdbc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.broker.Broker;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/// An enqueue inside a Spring transaction on another `DataSource` than the broker's (Stem's own
/// pool from `stem.broker.url`) does not roll back with it, and says so once at WARN with the fix;
/// on the broker's own `DataSource` it rolls back and nothing is said.
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class TransactionalEnqueueCheckIntegrationTests {

    private static final String WARNING = "was enqueued inside a Spring transaction that is not on the DataSource";

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = PostgresTestServer.randomPrefix();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
                    JacksonAutoConfiguration.class, StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues(PostgresTestServer.dataSourceProperties().toArray(String[]::new))
            .withPropertyValues("stem.jdbc.table-prefix=" + this.prefix, "stem.worker.enabled=false");

    TransactionalEnqueueCheckIntegrationTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void dropTables() {
        prefixes.forEach(PostgresTestServer::dropTables);
    }

    @Test
    void enqueueOnStemsOwnPoolInsideAnotherTransactionEscapesItAndWarnsOnce(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.broker.url=" + PostgresTestServer.postgresqlUrl())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    rollBackTwoEnqueues(context.getBean(TransactionTemplate.class), context.getBean(Stem.class));

                    assertThat(context.getBean(Broker.class).stats("default").ready())
                            .as("the jobs escaped the rolled-back transaction").isEqualTo(2);
                    assertThat(output.getOut().split(WARNING, -1)).as("warned once").hasSize(2);
                    assertThat(output).contains("its own pool from stem.broker.url")
                            .contains("remove stem.broker.url and set stem.broker.type=postgres");
                    context.getBean(Broker.class).purge("default");
                });
    }

    @Test
    void enqueueOnTheTransactionsDataSourceRollsBackWithoutWarning(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.broker.type=postgres").run(context -> {
            assertThat(context).hasNotFailed();
            rollBackTwoEnqueues(context.getBean(TransactionTemplate.class), context.getBean(Stem.class));

            assertThat(context.getBean(Broker.class).stats("default").ready()).isZero();
            assertThat(output).doesNotContain(WARNING);
        });
    }

    private static void rollBackTwoEnqueues(TransactionTemplate transactions, Stem stem) {
        assertThatIllegalStateException().isThrownBy(() -> transactions.executeWithoutResult(status -> {
            stem.enqueue("orders.confirm", Map.of("orderId", "o-1"));
            stem.enqueue("orders.confirm", Map.of("orderId", "o-2"));
            throw new IllegalStateException("payment declined");
        }));
    }
}
