package dev.stem.boot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

/// [MessageIntegrityScenarios] on PostgreSQL: job rows are rewritten with UPDATE.
@RequiresPostgres
class PostgresMessageIntegrityTests extends MessageIntegrityScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = PostgresTestServer.randomPrefix();

    PostgresMessageIntegrityTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void dropTables() {
        prefixes.forEach(PostgresTestServer::dropTables);
    }

    @Override
    protected ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemJdbcAutoConfiguration.class, StemAutoConfiguration.class,
                        StemSecurityAutoConfiguration.class))
                .withPropertyValues("stem.jdbc.table-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                        "stem.worker.fetch-wait=200ms", "stem.broker.url=" + PostgresTestServer.postgresqlUrl());
    }

    @Override
    protected StoredMessages stored() {
        JdbcTemplate jdbc = PostgresTestServer.jdbc();
        String prefix = this.prefix;
        String jobs = prefix + "jobs";
        return new StoredMessages() {

            @Override
            public List<String> all() {
                List<String> payloads = new ArrayList<>(jdbc.queryForList("SELECT payload FROM " + jobs, String.class));
                payloads.addAll(jdbc.queryForList("SELECT payload FROM " + prefix + "dead_letters", String.class));
                return payloads;
            }

            @Override
            public void rewrite(String messageId, UnaryOperator<String> change) {
                String payload = jdbc.queryForObject("SELECT payload FROM " + jobs + " WHERE message_id = ?",
                        String.class, messageId);
                jdbc.update("UPDATE " + jobs + " SET payload = ? WHERE message_id = ?", change.apply(payload),
                        messageId);
            }

            @Override
            public String result(String taskId) {
                return jdbc.queryForObject("SELECT record::text FROM " + prefix + "results WHERE task_id = ?",
                        String.class, taskId);
            }

            @Override
            public void rewriteResult(String taskId, UnaryOperator<String> change) {
                jdbc.update("UPDATE " + prefix + "results SET record = ?::jsonb WHERE task_id = ?",
                        change.apply(result(taskId)), taskId);
            }
        };
    }
}
