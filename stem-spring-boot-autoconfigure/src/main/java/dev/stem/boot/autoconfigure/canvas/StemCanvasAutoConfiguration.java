package dev.stem.boot.autoconfigure.canvas;

import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.ConditionalOnStemStore;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.StemJson;
import dev.stem.boot.autoconfigure.StemStoreType;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcDataSources;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcProperties;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisConnections;
import dev.stem.boot.autoconfigure.redis.StemRedisProperties;
import dev.stem.broker.Broker;
import dev.stem.canvas.CanvasFailureListener;
import dev.stem.canvas.CanvasInterceptor;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.StemCanvas;
import dev.stem.client.DefaultStem;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.jdbc.JdbcChordStore;
import dev.stem.jdbc.TablePrefix;
import dev.stem.memory.InMemoryChordStore;
import dev.stem.redis.RedisChordStore;
import dev.stem.task.TaskRegistry;

/// Workflows as Spring beans: a [StemCanvas] to inject where workflows start, the
/// [CanvasInterceptor] and [CanvasFailureListener] every worker of the context runs with (they
/// carry workflows on), and the
/// [ChordStore] that lives where the broker does (in memory, Redis or PostgreSQL), each
/// replaceable by a bean of your own.
@AutoConfiguration(after = { StemAutoConfiguration.class, StemRedisAutoConfiguration.class,
        StemJdbcAutoConfiguration.class })
@ConditionalOnClass(StemCanvas.class)
@EnableConfigurationProperties(StemCanvasProperties.class)
public final class StemCanvasAutoConfiguration {

    StemCanvasAutoConfiguration() {
    }

    @Bean
    @ConditionalOnMissingBean
    StemCanvas stemCanvas(Stem stem, Broker broker, ChordStore chords, EnvelopeCodec codec,
            ObjectProvider<JsonMapper> mapper, StemCanvasProperties properties) {
        return new StemCanvas(client(stem), broker, chords, codec, StemJson.mapper(mapper), properties.getTtl());
    }

    @Bean
    @ConditionalOnMissingBean
    CanvasInterceptor stemCanvasInterceptor(Stem stem, Broker broker, ChordStore chords, TaskRegistry tasks,
            ObjectProvider<JsonMapper> mapper, StemCanvasProperties properties) {
        return new CanvasInterceptor(client(stem), broker, chords, tasks, StemJson.mapper(mapper), properties.getTtl());
    }

    @Bean
    @ConditionalOnMissingBean
    CanvasFailureListener stemCanvasFailureListener(CanvasInterceptor interceptor) {
        return new CanvasFailureListener(interceptor);
    }

    private static DefaultStem client(Stem stem) {
        if (stem instanceof DefaultStem client) {
            return client;
        }
        throw new IllegalStateException("Stem workflows publish through the standard client (DefaultStem), but the "
                + "Stem bean is a " + stem.getClass().getName() + "; define a StemCanvas bean of your own");
    }

    /// Chords in this JVM, beside the in-memory broker.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnStemStore(value = StemStoreType.MEMORY, role = ConditionalOnStemStore.Role.BROKER)
    static class MemoryChords {

        @Bean
        @ConditionalOnMissingBean
        ChordStore stemChordStore(Broker broker, EnvelopeCodec codec) {
            return new InMemoryChordStore(broker, codec);
        }
    }

    /// Chords in Redis, beside the Redis Streams broker.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisChordStore.class)
    @ConditionalOnStemStore(value = StemStoreType.REDIS, role = ConditionalOnStemStore.Role.BROKER)
    static class RedisChords {

        @Bean
        @ConditionalOnMissingBean
        ChordStore stemChordStore(StemRedisConnections connections, StemRedisProperties properties) {
            return new RedisChordStore(Objects.requireNonNull(connections.broker()), properties.getKeyPrefix());
        }
    }

    /// Chords in PostgreSQL, beside the PostgreSQL broker.
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcChordStore.class)
    @ConditionalOnStemStore(value = StemStoreType.POSTGRES, role = ConditionalOnStemStore.Role.BROKER)
    static class JdbcChords {

        @Bean
        @ConditionalOnMissingBean
        ChordStore stemChordStore(StemJdbcDataSources dataSources, StemJdbcProperties properties) {
            return new JdbcChordStore(Objects.requireNonNull(dataSources.broker()),
                    TablePrefix.of(properties.getTablePrefix()));
        }
    }
}
