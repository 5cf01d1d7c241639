package dev.stem.redis;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisScriptingCommands;

/// A [RedisConnectionFactory] that passes every call on to another one and counts the scripts its
/// connections ran: each `EVAL` or `EVALSHA` that returned a reply (so an `EVALSHA` refused with
/// `NOSCRIPT` and sent again as `EVAL` counts once). Not for subscriptions: it is no
/// `LettuceConnectionFactory`, so a listener container would subscribe on a blocking thread.
final class ScriptCounting {

    private ScriptCounting() {
    }

    /// A factory over `target` that adds one to `scripts` for each script run.
    static RedisConnectionFactory counting(RedisConnectionFactory target, AtomicInteger scripts) {
        return proxy(RedisConnectionFactory.class, target, scripts);
    }

    private static <T> T proxy(Class<T> type, T target, AtomicInteger scripts) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (self, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                    String name = method.getName();
                    if (name.equals("eval") || name.equals("evalSha")) {
                        scripts.incrementAndGet();
                    }
                    if (result instanceof RedisConnection connection && name.equals("getConnection")) {
                        return proxy(RedisConnection.class, connection, scripts);
                    }
                    if (result instanceof RedisScriptingCommands commands && name.equals("scriptingCommands")) {
                        return proxy(RedisScriptingCommands.class, commands, scripts);
                    }
                    return result;
                }));
    }
}
