package dev.stem.boot.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.client.DeadLetterReplay;
import dev.stem.client.DefaultStem;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.task.TaskRegistry;

/// Auto-configuration of Stem: the task registry, `@StemTask` discovery, the [Stem] client, the
/// [DeadLetterReplay] the shell, the HTTP API and Actuator replay through, the worker, and the
/// stores (in memory unless a Redis or PostgreSQL auto-configuration provided them).
/// Every bean backs off when the application defines its own.
@AutoConfiguration(afterName = {
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration",
        "dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration" })
@ConditionalOnClass(Stem.class)
@EnableConfigurationProperties(StemProperties.class)
@Import({ StemStoresConfiguration.class, StemAnnotationDrivenConfiguration.class, StemWorkerConfiguration.class })
public final class StemAutoConfiguration {

    StemAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    TaskRegistry stemTaskRegistry() {
        return new TaskRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    EnvelopeCodec stemEnvelopeCodec(StemProperties properties) {
        return new EnvelopeCodec(properties.getClient().getMaxPayloadSize().toBytes());
    }

    @Bean
    @ConditionalOnMissingBean
    Stem stem(Broker broker, ResultBackend backend, RevokeStore revokes, EventBus events, TaskRegistry tasks, EnvelopeCodec codec,
            ObjectProvider<JsonMapper> mapper, ObjectProvider<EnqueueInterceptor> interceptors,
            ObjectProvider<ResultSealer> results, StemProperties properties) {
        StemProperties.Client client = properties.getClient();
        return new DefaultStem(broker, backend, revokes, events, tasks, StemJson.mapper(mapper), codec,
                interceptors.orderedStream().toList(),
                new DefaultStem.ClientOptions(client.getMaxPayloadSize().toBytes(), client.getRevokeTtl(),
                        client.getMaxEta()),
                Clock.systemUTC(), results.getIfAvailable(() -> ResultSealer.NONE));
    }

    @Bean
    @ConditionalOnMissingBean
    DeadLetterReplay stemDeadLetterReplay(Broker broker, ResultBackend backend,
            ObjectProvider<RepublishInterceptor> republishers) {
        return new DeadLetterReplay(broker, backend, () -> republishers.orderedStream().toList());
    }
}
