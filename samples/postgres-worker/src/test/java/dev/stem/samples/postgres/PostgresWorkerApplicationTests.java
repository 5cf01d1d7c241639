package dev.stem.samples.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// Runs the sample as its README does, against a real PostgreSQL server: a worker, then a producer
/// that places five orders (and one that rolls back) and waits for their confirmations. Stem's
/// tables get a random prefix, dropped afterwards with the test's order rows.
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class PostgresWorkerApplicationTests {

    private final String run = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private final String prefix = this.run + "_";

    @AfterEach
    void dropTables() {
        JdbcTemplate jdbc = PostgresTestServer.jdbc();
        jdbc.update("DELETE FROM sample_orders WHERE starts_with(customer, ?)", this.run + "-");
        for (String table : jdbc.queryForList("SELECT tablename FROM pg_tables "
                + "WHERE schemaname = current_schema() AND starts_with(tablename, ?)", String.class, this.prefix)) {
            jdbc.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
        }
    }

    @Test
    @Timeout(60)
    void producerCommitsOrdersWithTheirJobsAndTheWorkerConfirmsThem(CapturedOutput output) {
        try (ConfigurableApplicationContext worker = start("worker")) {
            assertThat(worker.isActive()).isTrue();
            try (ConfigurableApplicationContext producer = start("producer", "--sample.orders=5", "--sample.await=true")) {
                assertThat(producer.isActive()).isTrue();
            }
        }

        assertThat(output).contains("Placed 5 orders, each committed together with its confirmation job.")
                .contains("101 x book asked for, 100 in stock): rolled back, no order row and no job")
                .contains("Results from the worker:");
        assertThat(output.getOut().split("SUCCESS -> confirmation of order ", -1)).hasSize(6);
        JdbcTemplate jdbc = PostgresTestServer.jdbc();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sample_orders WHERE starts_with(customer, ?) "
                + "AND confirmed_at IS NOT NULL", Long.class, this.run + "-")).isEqualTo(5);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sample_orders WHERE customer = ?", Long.class,
                this.run + "-greedy@example.com")).isZero();
    }

    @Test
    @Timeout(60)
    void producerOnStemsOwnPoolSaysTheRolledBackOrdersJobEscaped(CapturedOutput output) {
        try (ConfigurableApplicationContext producer = start("producer", "--sample.orders=2",
                "--stem.broker.url=" + PostgresTestServer.postgresqlUrl())) {
            assertThat(producer.isActive()).isTrue();
        }

        assertThat(output).contains("Placed 2 orders; their confirmation jobs were committed on their own")
                .contains("the order row was rolled back, but its job was not")
                .contains("was enqueued inside a Spring transaction that is not on the DataSource")
                .doesNotContain("no order row and no job");
        assertThat(PostgresTestServer.jdbc().queryForObject("SELECT count(*) FROM " + this.prefix + "jobs",
                Long.class)).as("two orders' jobs and the rolled-back order's").isEqualTo(3);
    }

    private ConfigurableApplicationContext start(String profile, String... extra) {
        List<String> arguments = new ArrayList<>(PostgresTestServer.dataSourceProperties().stream()
                .map(property -> "--" + property).toList());
        arguments.addAll(List.of("--spring.profiles.active=" + profile, "--stem.jdbc.table-prefix=" + this.prefix,
                "--sample.customer=" + this.run));
        arguments.addAll(List.of(extra));
        return SpringApplication.run(PostgresWorkerApplication.class, arguments.toArray(String[]::new));
    }
}
