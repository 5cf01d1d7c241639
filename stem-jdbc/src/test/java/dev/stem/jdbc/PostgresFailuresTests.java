package dev.stem.jdbc;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresFailuresTests {

    private final PostgresFailures failures = new PostgresFailures(
            new DriverManagerDataSource("jdbc:postgresql://db.example.com:6543/jobs?user=app&password=s3cr3t"));

    @Test
    void diskFullIsABrokerFullExceptionNamingTheServer() {
        RuntimeException translated = this.failures.translate("the publish", new UncategorizedSQLException("insert",
                "INSERT", new SQLException("could not extend file: No space left on device", "53100")));

        assertThat(translated).isInstanceOf(BrokerFullException.class)
                .hasMessageContaining("PostgreSQL at db.example.com:6543 is out of disk space")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void statementAndLockTimeoutsAreUnavailability() {
        for (String state : new String[] { "57014", "55P03", "08006", "57P01" }) {
            assertThat(this.failures.translate("the claim",
                    new UncategorizedSQLException("claim", "UPDATE", new SQLException("stopped", state))))
                    .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("db.example.com:6543");
        }
    }

    @Test
    void otherErrorsPassThrough() {
        DataIntegrityViolationException duplicate = new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505"));
        assertThat(this.failures.translate("the publish", duplicate)).isSameAs(duplicate);
    }

    @Test
    void hostsOfAUrlLeaveOutTheDatabaseTheQueryAndTheUser() {
        assertThat(PostgresFailures.hostsOf("jdbc:postgresql://pg1:5432,pg2/db?password=x")).isEqualTo("pg1:5432,pg2:5432");
        assertThat(PostgresFailures.hostsOf("jdbc:postgresql://[::1]:5433/db")).isEqualTo("[::1]:5433");
        assertThat(PostgresFailures.hostsOf("jdbc:postgresql://user:pw@db/x")).isEqualTo("db:5432");
        assertThat(PostgresFailures.hostsOf("jdbc:postgresql:jobs")).isEqualTo("localhost:5432");
    }
}
