package dev.stem.redis.support;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;

/// Turns the exceptions of Spring Data Redis and Lettuce into Stem's typed errors at the adapter
/// boundary, each message naming the server (host and port, never a password) and what failed:
///
/// - a Redis out of memory (`OOM command not allowed`: `maxmemory` reached under `noeviction`)
///   becomes [BrokerFullException];
/// - a Redis that cannot be reached, drops the connection, does not answer within the command
///   timeout, or is busy loading its data set becomes [BrokerUnavailableException];
/// - anything else (a programming error, a refused command) is thrown as it was.
public final class RedisFailures {

    private final String endpoint;

    private RedisFailures(String endpoint) {
        this.endpoint = endpoint;
    }

    /// The failures of calls through `connectionFactory`.
    public static RedisFailures of(RedisConnectionFactory connectionFactory) {
        return new RedisFailures(endpoint(connectionFactory));
    }

    /// The server as messages name it, such as `127.0.0.1:6379`.
    public String endpoint() {
        return this.endpoint;
    }

    /// Runs `call`, translating its failure; `action` says what the call was for ("publish message
    /// 42 to queue 'emails'").
    public <T> T call(Supplier<String> action, Supplier<T> call) {
        try {
            return call.get();
        }
        catch (RuntimeException ex) {
            throw translate(action.get(), ex);
        }
    }

    /// The typed error for `ex`, or `ex` itself.
    public RuntimeException translate(String action, RuntimeException ex) {
        if (ex instanceof BrokerFullException || ex instanceof BrokerUnavailableException) {
            return ex;
        }
        if (isOutOfMemory(ex)) {
            return new BrokerFullException("Redis at " + this.endpoint + " is out of memory (maxmemory reached "
                    + "and the eviction policy refuses writes): could not " + action
                    + "; nothing was written. Free memory (drain queues, purge dead letters) or raise maxmemory", ex);
        }
        String unavailable = unavailability(ex);
        if (unavailable != null) {
            return new BrokerUnavailableException("Redis at " + this.endpoint + " " + unavailable + ": could not "
                    + action + " (" + rootMessage(ex) + ")", ex);
        }
        return ex;
    }

    private static boolean isOutOfMemory(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.startsWith("OOM ") || message.contains("OOM command not allowed"))) {
                return true;
            }
        }
        return false;
    }

    private static @Nullable String unavailability(Throwable ex) {
        if (ex instanceof QueryTimeoutException) {
            return "did not answer within the command timeout";
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            String type = cause.getClass().getName();
            String message = String.valueOf(cause.getMessage());
            if (type.equals("io.lettuce.core.RedisCommandTimeoutException")) {
                return "did not answer within the command timeout";
            }
            if (type.equals("io.lettuce.core.RedisConnectionException") || cause instanceof ConnectException
                    || cause instanceof ClosedChannelException
                    || message.contains("Connection closed") || message.contains("Connection reset")) {
                return "cannot be reached";
            }
            if (message.startsWith("LOADING") || message.startsWith("MASTERDOWN") || message.startsWith("BUSY")
                    || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN")) {
                return "is not serving commands yet";
            }
        }
        if (ex instanceof DataAccessResourceFailureException) {
            return "cannot be reached";
        }
        return null;
    }

    private static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String endpoint(RedisConnectionFactory connectionFactory) {
        if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
            RedisSentinelConfiguration sentinel = lettuce.getSentinelConfiguration();
            if (sentinel != null && sentinel.getMaster() != null) {
                return "Sentinel master '" + sentinel.getMaster().getName() + "'";
            }
            RedisClusterConfiguration cluster = lettuce.getClusterConfiguration();
            if (cluster != null) {
                return "cluster " + cluster.getClusterNodes();
            }
            return lettuce.getHostName() + ":" + lettuce.getPort();
        }
        return "(" + connectionFactory.getClass().getSimpleName() + ")";
    }
}
