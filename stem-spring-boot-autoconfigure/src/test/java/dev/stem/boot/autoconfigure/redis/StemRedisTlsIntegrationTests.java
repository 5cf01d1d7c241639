package dev.stem.boot.autoconfigure.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.client.TaskHandle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/// TLS end to end against a `redis-server` that accepts only TLS, with a self-signed certificate
/// ([TlsRedisServer]): a task runs through it when `stem.redis.ssl.bundle` names a Spring Boot
/// SSL bundle that trusts the certificate (TLS turned on by the bundle alone, on a `redis://`
/// URL), and the same server is refused under `rediss://` without the bundle, since the JVM's
/// trust store does not know it.
class StemRedisTlsIntegrationTests {

    @TempDir
    static Path folder;

    private static TlsRedisServer server;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, JacksonAutoConfiguration.class,
                    StemRedisAutoConfiguration.class, StemAutoConfiguration.class))
            .withPropertyValues("stem.redis.key-prefix=stem-tls-test", "stem.worker.shutdown-timeout=2s",
                    "stem.worker.fetch-wait=200ms", "stem.redis.check-server=false")
            .withUserConfiguration(MathTasks.class);

    @BeforeAll
    static void startServer() throws Exception {
        server = TlsRedisServer.start(folder);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anSslBundleThatTrustsTheServerCarriesATaskEndToEnd() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=redis://" + server.address(), "stem.redis.ssl.bundle=stem-test",
                        "spring.ssl.bundle.pem.stem-test.truststore.certificate=file:" + server.certificate())
                .run(context -> {
                    assertThat(context).hasNotFailed();

                    TaskHandle<Object> handle = context.getBean(Stem.class).enqueue("math.add", Map.of("a", 2, "b", 3));

                    assertThat(handle.result(Duration.ofSeconds(20))).isEqualTo(5);
                });
    }

    @Test
    void withoutTheBundleTheServersCertificateIsNotTrusted() {
        this.contextRunner
                .withPropertyValues("stem.broker.url=rediss://" + server.address(), "stem.worker.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();

                    assertThatException().isThrownBy(() -> context.getBean(Stem.class)
                            .enqueue("math.add", Map.of("a", 2, "b", 3)))
                            .withStackTraceContaining("SSLHandshakeException");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class MathTasks {

        @StemTask(name = "math.add")
        public int add(int a, int b) {
            return a + b;
        }
    }
}
