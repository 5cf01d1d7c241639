package dev.stem.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.StemJson;
import dev.stem.redis.support.StemTemplates;

/// An [EventBus] on Redis Pub/Sub: events are published as JSON on the channel `<prefix>:events`.
///
/// Subscriptions share one subscriber connection (a [RedisMessageListenerContainer] of the bus);
/// [#subscribe] returns once Redis has confirmed the subscription, so every event published after
/// that reaches the listener. Listeners run one at a time on one thread of the bus, in the order the
/// events arrived; a listener that throws is logged and keeps its subscription. After a connection
/// loss the container subscribes again by itself; events published meanwhile are missed, as Pub/Sub
/// stores nothing.
public final class RedisEventBus implements EventBus {

    private static final Logger logger = LoggerFactory.getLogger(RedisEventBus.class);

    private final StringRedisTemplate redis;

    private final String channel;

    private final JsonMapper mapper = StemJson.mapper();

    private final ExecutorService dispatcher;

    private final RedisMessageListenerContainer container;

    private final Lock subscriptions = new ReentrantLock();

    /// A bus on `connectionFactory` whose channel starts with `keyPrefix`.
    public RedisEventBus(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.channel = new RedisKeys(keyPrefix).key("events");
        this.dispatcher = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("stem-redis-events")
                .factory());
        this.container = new RedisMessageListenerContainer();
        this.container.setConnectionFactory(connectionFactory);
        this.container.setTaskExecutor(this.dispatcher);
        this.container.afterPropertiesSet();
        this.container.start();
    }

    @Override
    public void publish(StemEvent event) {
        this.redis.convertAndSend(this.channel, this.mapper.writeValueAsString(event));
    }

    @Override
    public AutoCloseable subscribe(Consumer<StemEvent> listener) {
        ChannelTopic topic = new ChannelTopic(this.channel);
        MessageListener adapter = (message, pattern) -> deliver(listener, message.getBody());
        this.subscriptions.lock();
        try {
            this.container.addMessageListener(adapter, topic);
        }
        finally {
            this.subscriptions.unlock();
        }
        return () -> {
            this.subscriptions.lock();
            try {
                this.container.removeMessageListener(adapter, topic);
            }
            finally {
                this.subscriptions.unlock();
            }
        };
    }

    private void deliver(Consumer<StemEvent> listener, byte[] body) {
        StemEvent event;
        try {
            event = this.mapper.readValue(body, StemEvent.class);
        }
        catch (RuntimeException ex) {
            logger.warn("Ignoring a message on {} that is not a Stem event: {}", this.channel,
                    new String(body, StandardCharsets.UTF_8), ex);
            return;
        }
        try {
            listener.accept(event);
        }
        catch (RuntimeException ex) {
            logger.warn("Event listener failed on a '{}' event from {}", event.type(), event.source(), ex);
        }
    }

    /// Stops the subscriber connection and the dispatch thread; the connection factory stays open.
    @Override
    public void close() {
        this.container.stop();
        this.dispatcher.shutdown();
    }
}
