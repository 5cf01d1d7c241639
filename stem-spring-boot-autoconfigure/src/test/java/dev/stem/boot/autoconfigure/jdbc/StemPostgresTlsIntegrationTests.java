package dev.stem.boot.autoconfigure.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/// Stem's own PostgreSQL pool over TLS through a Spring Boot SSL bundle (`stem.jdbc.ssl.bundle`),
/// against a PostgreSQL of the test's own with `ssl=on` and a certificate the test makes
/// ([TlsPostgresServer]): a task runs over an encrypted connection; a bundle that trusts another
/// certificate fails the start with the driver's certificate error.
class StemPostgresTlsIntegrationTests {

    @TempDir
    static Path folder;

    private static TlsPostgresServer server;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, JacksonAutoConfiguration.class,
                    StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
            .withUserConfiguration(EchoTasks.class)
            .withPropertyValues("stem.worker.shutdown-timeout=2s", "stem.worker.fetch-wait=200ms",
                    "stem.jdbc.ssl.bundle=stem-pg");

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsPostgresServer.start(folder);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTaskRunsOverTlsWhenTheBundleTrustsTheServer() {
        this.contextRunner.withPropertyValues("stem.broker.url=postgresql://postgres@" + server.address() + "/postgres",
                "spring.ssl.bundle.pem.stem-pg.truststore.certificate=file:" + server.certificate()).run(context -> {
                    assertThat(context).hasNotFailed();
                    DataSource broker = context.getBean(StemJdbcDataSources.class).broker();
                    assertThat(new JdbcTemplate(broker).queryForObject(
                            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", Boolean.class)).isTrue();
                    assertThat(context.getBean(Stem.class).enqueue("tls.echo", Map.of("text", "over tls"))
                            .result(Duration.ofSeconds(20))).isEqualTo("over tls");
                });
    }

    @Test
    void aBundleThatTrustsAnotherCertificateFailsTheStart() throws Exception {
        Path other = folder.resolve("other.crt");
        TlsPostgresServer.selfSigned(folder, "other", "SAN=ip:127.0.0.1", other, folder.resolve("other.key"));
        this.contextRunner.withPropertyValues("stem.broker.url=postgresql://postgres@" + server.address() + "/postgres",
                "spring.ssl.bundle.pem.stem-pg.truststore.certificate=file:" + other).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasStackTraceContaining("SSL")
                            .hasStackTraceContaining("PKIX");

                });
    }

    @Configuration(proxyBeanMethods = false)
    static class EchoTasks {

        @StemTask(name = "tls.echo")
        public String echo(String text) {
            return text;
        }
    }
}
