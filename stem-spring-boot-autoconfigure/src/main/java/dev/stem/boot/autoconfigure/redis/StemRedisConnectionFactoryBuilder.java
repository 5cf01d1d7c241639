package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/// Builds the Lettuce connection factory Stem uses for a `stem.broker.url` or `stem.backend.url`.
///
/// Guarantees: the URL is a `redis://` or `rediss://` URL (else the error names the property and
/// masks the password); `rediss://` or `stem.redis.ssl.bundle` turns TLS on, the bundle's key and
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

    /// A started factory for `url`, the value of `property`.
    LettuceConnectionFactory build(String property, String url) {
        RedisURI uri = parse(property, url);
        requireCommandTimeoutAboveFetchWait();
        @Nullable SslBundle bundle = sslBundle();
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        client.apply(uri);
        if (bundle != null && !uri.isSsl()) {
            client.useSsl();
        }
        client.commandTimeout(this.properties.getCommandTimeout());
        client.clientOptions(clientOptions(bundle));
        client.clientResources(clientResources());
        this.clientCustomizers.forEach(customizer -> customizer.customize(client));
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        factory.afterPropertiesSet();
        factory.start();
        log.info("Stem uses its own Redis connection for {}: {}:{} (database {}{}{})", property, uri.getHost(),
                uri.getPort(), uri.getDatabase(), uri.isSsl() || bundle != null ? ", TLS" : "",
                bundle != null ? ", SSL bundle '" + this.properties.getSsl().getBundle() + "'" : "");
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

    private static RedisURI parse(String property, String url) {
        String trimmed = url.trim();
        String scheme = trimmed.substring(0, Math.max(0, trimmed.indexOf("://"))).toLowerCase(Locale.ROOT);
        if (!scheme.equals(RedisURI.URI_SCHEME_REDIS) && !scheme.equals(RedisURI.URI_SCHEME_REDIS_SECURE)) {
            throw invalid(property, url, "use redis://[user:password@]host:6379[/database] or rediss://... for TLS");
        }
        try {
            return RedisURI.create(trimmed);
        }
        catch (IllegalArgumentException ex) {
            throw invalid(property, url, String.valueOf(ex.getMessage()));
        }
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

    private static IllegalArgumentException invalid(String property, String url, String reason) {
        return new IllegalArgumentException("Invalid " + property + " '" + mask(url) + "': " + reason);
    }

    /// `url` with the password of its user info replaced by `******`.
    static String mask(String url) {
        return url.replaceFirst("(://[^/?@]*:)[^/?@:]*@", "$1******@");
    }
}
