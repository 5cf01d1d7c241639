package dev.stem.boot.autoconfigure.jdbc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PostgresUrlTests {

    @Test
    void postgresqlUrlBecomesAJdbcUrlWithCredentials() {
        PostgresUrl url = PostgresUrl.parse("stem.broker.url",
                "postgresql://stem:s3cret@db.example.com:5432/jobs?sslmode=verify-full&sslrootcert=/etc/ca.pem");

        assertThat(url.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db.example.com:5432/jobs?sslmode=verify-full&sslrootcert=/etc/ca.pem");
        assertThat(url.username()).isEqualTo("stem");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void postgresSchemeWithoutCredentialsOrPort() {
        PostgresUrl url = PostgresUrl.parse("stem.broker.url", "postgres://localhost/stem");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/stem");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void percentEncodedCredentialsAreDecodedAndPlusIsKept() {
        PostgresUrl url = PostgresUrl.parse("stem.broker.url", "postgresql://app%40corp:p%3Aw+d%2F@h:5432/db");

        assertThat(url.username()).isEqualTo("app@corp");
        assertThat(url.password()).isEqualTo("p:w+d/");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void userWithoutPassword() {
        PostgresUrl url = PostgresUrl.parse("stem.broker.url", "postgresql://postgres@127.0.0.1:5432/test");

        assertThat(url.username()).isEqualTo("postgres");
        assertThat(url.password()).isNull();
    }

    @Test
    void severalHostsArePassedThrough() {
        PostgresUrl url = PostgresUrl.parse("stem.broker.url",
                "postgresql://u:p@pg1:5432,pg2:5432/db?targetServerType=primary");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://pg1:5432,pg2:5432/db?targetServerType=primary");
    }

    @Test
    void jdbcUrlIsUsedAsItIs() {
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

        assertThat(PostgresUrl.parse("stem.broker.url", jdbc)).isEqualTo(new PostgresUrl(jdbc, null, null));
    }

    @Test
    void otherSchemesAreRejectedNamingThePropertyWithoutThePassword() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse("stem.backend.url", "jdbc:mysql://u:secret@h/db"))
                .withMessageStartingWith("Invalid stem.backend.url 'jdbc:mysql://u:******@h/db'")
                .withMessageContaining("postgresql://");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse("stem.broker.url", "redis://localhost:6379"))
                .withMessageStartingWith("Invalid stem.broker.url 'redis://localhost:6379'");
    }

    @Test
    void missingHostIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PostgresUrl.parse("stem.broker.url", "postgresql://u:p@/db"))
                .withMessage("Invalid stem.broker.url 'postgresql://u:******@/db': the host is missing");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(PostgresUrl.parse("stem.broker.url", "postgresql://u:secret@h/db").toString())
                .doesNotContain("secret")
                .contains("jdbc:postgresql://h/db", "username=u");
    }
}
