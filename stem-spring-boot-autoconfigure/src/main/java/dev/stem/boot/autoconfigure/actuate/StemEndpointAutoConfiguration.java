package dev.stem.boot.autoconfigure.actuate;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import dev.stem.boot.actuate.StemEndpoint;
import dev.stem.boot.autoconfigure.beat.StemBeatAutoConfiguration;
import dev.stem.boot.autoconfigure.observability.StemObservabilityAutoConfiguration;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueMonitor;
import dev.stem.client.DeadLetterReplay;
import dev.stem.control.WorkerRegistry;
import dev.stem.schedule.Schedules;

/// The `stem` Actuator endpoint, when Actuator is on the classpath and the endpoint is available
/// (exposed: `management.endpoints.web.exposure.include=stem,...`). It replays dead letters through
/// the context's [DeadLetterReplay].
@AutoConfiguration(after = { StemObservabilityAutoConfiguration.class, StemBeatAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean({ Broker.class, WorkerRegistry.class, QueueMonitor.class, DeadLetterReplay.class })
@ConditionalOnAvailableEndpoint(StemEndpoint.class)
@EnableConfigurationProperties(StemActuatorProperties.class)
public final class StemEndpointAutoConfiguration {

    StemEndpointAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    StemEndpoint stemEndpoint(Broker broker, WorkerRegistry workers, QueueMonitor monitor,
            ObjectProvider<Schedules> schedules, DeadLetterReplay replay, StemActuatorProperties properties) {
        return new StemEndpoint(broker, workers, monitor, schedules.getIfAvailable(), properties.isShowArgs(),
                Clock.systemUTC(), replay);
    }
}
