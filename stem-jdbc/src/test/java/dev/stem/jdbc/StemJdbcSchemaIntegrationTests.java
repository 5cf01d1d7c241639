package dev.stem.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

@RequiresPostgres
class StemJdbcSchemaIntegrationTests {

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
    void migratingTwiceAppliesEveryScriptOnce() {
        StemJdbcSchema schema = new StemJdbcSchema(this.dataSource, this.prefix);
        assertThat(schema.currentVersion()).isZero();

        assertThat(schema.migrate()).isEqualTo(schema.scripts().size());
        assertThat(schema.migrate()).isZero();

        assertThat(schema.currentVersion()).isEqualTo(schema.latestVersion()).isPositive();
        assertThat(tables()).contains(this.prefix.table("jobs"), this.prefix.table("dead_letters"),
                this.prefix.table("results"), this.prefix.table("schedule_ticks"), this.prefix.table("schema_version"));
        assertThat(new JdbcTemplate(this.dataSource).queryForObject(
                "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = to_regclass(?)", String.class,
                this.prefix.table("jobs"))).contains("autovacuum_vacuum_scale_factor=0.01");
    }

    @Test
    void twoProcessesMigratingAtOnceApplyEachScriptOnce() throws Exception {
        int scripts = new StemJdbcSchema(this.dataSource, this.prefix).scripts().size();
        List<Integer> applied = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Callable<Integer> migrate = () -> new StemJdbcSchema(this.dataSource, this.prefix).migrate();
                runs.add(executor.submit(migrate));
            }
            for (Future<Integer> run : runs) {
                applied.add(run.get());
            }
        }
        assertThat(applied.stream().mapToInt(Integer::intValue).sum()).isEqualTo(scripts);
    }

    @Test
    void versionTwoAppliesOnTopOfVersionOne() {
        StemJdbcSchema v1 = new StemJdbcSchema(this.dataSource, this.prefix, "classpath*:stem-schema-upgrade-test/v1/");
        StemJdbcSchema v2 = new StemJdbcSchema(this.dataSource, this.prefix, "classpath*:stem-schema-upgrade-test/v2/");
        JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

        assertThat(v1.migrate()).isEqualTo(1);
        jdbc.update(this.prefix.apply("INSERT INTO ${prefix}widgets (id) VALUES (1)"));
        assertThat(v2.migrate()).isEqualTo(1);

        assertThat(v2.currentVersion()).isEqualTo(2);
        assertThat(jdbc.queryForObject(this.prefix.apply("SELECT name FROM ${prefix}widgets WHERE id = 1"), String.class))
                .isEqualTo("unnamed");
        assertThat(v2.migrate()).isZero();
    }

    private List<String> tables() {
        return new JdbcTemplate(this.dataSource).queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, ?)",
                String.class, this.prefix.value());
    }
}
