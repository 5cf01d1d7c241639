package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/// Builds the Lettuce connection factory of a Stem store with a connection of its own, from its
/// [DataRedisConnectionDetails] (a `stem.broker.url` / `stem.backend.url`, or the application's
/// [StemRedisConnectionDetails]).
///
/// Guarantees: a standalone server only; `rediss://`, the details' SSL bundle or
/// `stem.redis.ssl.bundle` turns TLS on, the bundle's key and
/// trust material and its ciphers and protocols applied as Spring Boot applies a bundle to its own
/// Redis connection; the command timeout (which also bounds a command queued while disconnected)
/// is `stem.redis.command-timeout` and must leave room for a fetch blocking the whole reclaim
/// interval; the factory is started but has not connected, so a Redis that is down does not fail
/// the start.
///
/// Like Spring Boot's own Lettuce factory, it uses the context's `ClientResources` bean when there
/// is one (Boot's, which the application's `ClientResourcesBuilderCustomizer`s and Stem's bounded
/// reconnect delay have shaped), else client resources of its own, built with those customizers
/// and closed by [#close()]; and the application's `LettuceClientConfigurationBuilderCustomizer`s
/// run last on its client configuration, as they do on Boot's.
final class StemRedisConnectionFactoryBuilder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StemRedisConnectionFactoryBuilder.class);

    private final StemRedisProperties properties;

    private final @Nullable SslBundles sslBundles;

    private final @Nullable ClientResources sharedResources;

    private final List<ClientResourcesBuilderCustomizer> resourcesCustomizers;

    private final List<LettuceClientConfigurationBuilderCustomizer> clientCustomizers;

    private @Nullable ClientResources ownResources;

    StemRedisConnectionFactoryBuilder(StemRedisProperties properties, @Nullable SslBundles sslBundles) {
        this(properties, sslBundles, null, List.of(), List.of());
    }

    /// `sharedResources` is the context's `ClientResources` bean, if any; the customizers are the
    /// context's, in order.
    StemRedisConnectionFactoryBuilder(StemRedisProperties properties, @Nullable SslBundles sslBundles,
            @Nullable ClientResources sharedResources, List<ClientResourcesBuilderCustomizer> resourcesCustomizers,
            List<LettuceClientConfigurationBuilderCustomizer> clientCustomizers) {
        this.properties = properties;
        this.sslBundles = sslBundles;
        this.sharedResources = sharedResources;
        this.resourcesCustomizers = List.copyOf(resourcesCustomizers);
        this.clientCustomizers = List.copyOf(clientCustomizers);
    }

    /// The reconnect delay Stem gives Lettuce: exponential from 10 ms with full jitter, at most
    /// `max`, so clients come back within about `max` of the server without reconnecting at once.
    static Delay reconnectDelay(Duration max) {
        return Delay.fullJitter(Duration.ZERO, max, 10, TimeUnit.MILLISECONDS);
    }

    /// A started factory for `details`, the connection of `part` (`broker` or `backend`).
    LettuceConnectionFactory build(String part, DataRedisConnectionDetails details) {
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        if (standalone == null) {
            throw new IllegalStateException("The Stem " + part + "'s own Redis connection (" + details
                    + ") is not a standalone server; Stem's own connections support one host and port");
        }
        requireCommandTimeoutAboveFetchWait();
        @Nullable SslBundle bundle = details.getSslBundle() != null ? details.getSslBundle() : sslBundle();
        boolean tls = bundle != null || (details instanceof RedisUrlConnectionDetails url && url.uri().isSsl());
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(standalone.getHost(),
                standalone.getPort());
        server.setDatabase(standalone.getDatabase());
        server.setUsername(details.getUsername());
        server.setPassword(RedisPassword.of(details.getPassword()));
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (tls) {
            client.useSsl();
        }
        client.commandTimeout(this.properties.getCommandTimeout());
        client.clientOptions(clientOptions(bundle));
        client.clientResources(clientResources());
        if (details instanceof RedisUrlConnectionDetails url && url.uri().getClientName() != null) {
            client.clientName(url.uri().getClientName());
        }
        this.clientCustomizers.forEach(customizer -> customizer.customize(client));
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
        factory.afterPropertiesSet();
        factory.start();
        log.info("Stem uses its own Redis connection for its {}: {}:{} (database {}{}{})", part,
                standalone.getHost(), standalone.getPort(), standalone.getDatabase(), tls ? ", TLS" : "",
                bundle != null && details.getSslBundle() == null
                        ? ", SSL bundle '" + this.properties.getSsl().getBundle() + "'" : "");
        return factory;
    }

    /// Shuts down the client resources this builder made (none when the context had a bean).
    @Override
    public void close() {
        ClientResources own = this.ownResources;
        if (own != null) {
            this.ownResources = null;
            own.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    private ClientResources clientResources() {
        if (this.sharedResources != null) {
            return this.sharedResources;
        }
        ClientResources own = this.ownResources;
        if (own == null) {
            ClientResources.Builder builder = ClientResources.builder()
                    .reconnectDelay(reconnectDelay(this.properties.getReconnectDelayMax()));
            this.resourcesCustomizers.forEach(customizer -> customizer.customize(builder));
            own = builder.build();
            this.ownResources = own;
        }
        return own;
    }

    private void requireCommandTimeoutAboveFetchWait() {
        Duration timeout = this.properties.getCommandTimeout();
        if (timeout.compareTo(this.properties.minimumCommandTimeout()) < 0) {
            throw new IllegalArgumentException("Invalid stem.redis.command-timeout '" + timeout
                    + "': it must be at least 1s longer than stem.redis.reclaim-interval ("
                    + this.properties.getReclaimInterval() + "), since a waiting fetch blocks on Redis that long");
        }
    }

    private @Nullable SslBundle sslBundle() {
        String name = this.properties.getSsl().getBundle();
        if (name == null || name.isBlank()) {
            return null;
        }
        if (this.sslBundles == null) {
            throw new IllegalStateException("stem.redis.ssl.bundle is '" + name
                    + "' but there are no SSL bundles: define it under spring.ssl.bundle.pem." + name
                    + " or spring.ssl.bundle.jks." + name);
        }
        try {
            return this.sslBundles.getBundle(name);
        }
        catch (NoSuchSslBundleException ex) {
            throw new IllegalStateException("stem.redis.ssl.bundle: " + ex.getMessage()
                    + "; define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name, ex);
        }
    }

    private ClientOptions clientOptions(@Nullable SslBundle bundle) {
        ClientOptions.Builder options = ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled())
                .socketOptions(SocketOptions.builder().connectTimeout(this.properties.getConnectTimeout()).build());
        if (bundle != null) {
            io.lettuce.core.SslOptions.Builder ssl = io.lettuce.core.SslOptions.builder()
                    .keyManager(bundle.getManagers().getKeyManagerFactory())
                    .trustManager(bundle.getManagers().getTrustManagerFactory());
            SslOptions bundleOptions = bundle.getOptions();
            if (bundleOptions.getCiphers() != null) {
                ssl.cipherSuites(bundleOptions.getCiphers());
            }
            if (bundleOptions.getEnabledProtocols() != null) {
                ssl.protocols(bundleOptions.getEnabledProtocols());
            }
            options.sslOptions(ssl.build());
        }
        return options.build();
    }
}
