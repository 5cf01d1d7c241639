package dev.stem.boot.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.stem.backend.ResultBackend;
import dev.stem.boot.autoconfigure.diagnostics.StemStoreNotConfiguredException;
import dev.stem.broker.Broker;
import dev.stem.control.DistributedLock;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryDistributedLock;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryScheduleStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.schedule.ScheduleStore;

/// The stores that no adapter auto-configuration provided: in memory when memory is selected (with
/// one warning that nothing is durable), and a clear startup failure when Redis or PostgreSQL is
/// selected but its adapter is missing.
@Configuration(proxyBeanMethods = false)
class StemStoresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StemStoresConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Broker stemBroker(Environment environment) {
        StemStoreType type = StemStores.broker(environment);
        requireMemory("broker", type);
        log.warn("Stem is running on the in-memory broker: messages live only in this JVM and are lost when it "
                + "stops. Set stem.broker.url (redis://... or postgresql://...) for durable queues.");
        return new InMemoryBroker();
    }

    @Bean
    @ConditionalOnMissingBean
    ResultBackend stemResultBackend(Environment environment) {
        requireMemory("backend", StemStores.backend(environment));
        return new InMemoryResultBackend();
    }

    @Bean
    @ConditionalOnMissingBean
    RevokeStore stemRevokeStore() {
        return new InMemoryRevokeStore();
    }

    @Bean
    @ConditionalOnMissingBean
    RateLimiter stemRateLimiter() {
        return new InMemoryRateLimiter();
    }

    @Bean
    @ConditionalOnMissingBean
    EventBus stemEventBus() {
        return new InMemoryEventBus();
    }

    @Bean
    @ConditionalOnMissingBean
    WorkerRegistry stemWorkerRegistry() {
        return new InMemoryWorkerRegistry();
    }

    @Bean
    @ConditionalOnMissingBean
    DistributedLock stemDistributedLock() {
        return new InMemoryDistributedLock();
    }

    @Bean
    @ConditionalOnMissingBean
    ScheduleStore stemScheduleStore() {
        return new InMemoryScheduleStore();
    }

    private static void requireMemory(String part, StemStoreType type) {
        if (type != StemStoreType.MEMORY) {
            throw new StemStoreNotConfiguredException(part, type);
        }
    }
}
