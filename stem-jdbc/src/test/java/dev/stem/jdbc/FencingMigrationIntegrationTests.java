package dev.stem.jdbc;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// A database at schema version 1 is upgraded to version 2 in place: its results get a delivery of
/// 0, and of jobs stored twice under one message id the first published stays.
@RequiresPostgres
class FencingMigrationIntegrationTests {

    @TempDir
    Path versionOne;

    private DataSource dataSource;

    private TablePrefix prefix;

    @BeforeEach
    void setUp() {
        this.dataSource = PostgresTestServer.dataSource();
        this.prefix = PostgresTestSchema.randomPrefix();
    }

    @AfterEach
    void tearDown() {
        if (this.dataSource != null) {
            PostgresTestSchema.dropTables(this.dataSource, this.prefix);
        }
    }

    @Test
    void versionTwoAppliesOnTopOfVersionOneWithDataInIt() throws Exception {
        Files.writeString(this.versionOne.resolve("V1__schema.sql"), new ClassPathResource("dev/stem/jdbc/V1__schema.sql")
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(new StemJdbcSchema(this.dataSource, this.prefix, this.versionOne.toUri().toString()).migrate())
                .isEqualTo(1);
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
        jdbc.update(this.prefix.apply("""
                INSERT INTO ${prefix}jobs (message_id, queue, payload)
                VALUES ('twice', 'q', 'first'), ('twice', 'q', 'second'), ('once', 'q', 'only')"""));
        jdbc.update(this.prefix.apply("""
                INSERT INTO ${prefix}results (task_id, state, attempt, record, expires_at)
                VALUES ('done', 'SUCCESS', 0, '{}', now() + interval '1 hour')"""));

        StemJdbcSchema schema = new StemJdbcSchema(this.dataSource, this.prefix);
        assertThat(schema.migrate()).isEqualTo(schema.latestVersion() - 1);

        assertThat(jdbc.queryForList(this.prefix.apply("SELECT payload FROM ${prefix}jobs ORDER BY id"), String.class))
                .containsExactly("first", "only");
        assertThat(jdbc.queryForObject(this.prefix.apply("SELECT delivery FROM ${prefix}results WHERE task_id = 'done'"),
                Integer.class)).isZero();
        assertThat(schema.currentVersion()).isEqualTo(schema.latestVersion());
    }
}
