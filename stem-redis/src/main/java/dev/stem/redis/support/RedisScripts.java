package dev.stem.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.core.script.RedisScript;

/// Loads the Lua scripts kept as resources next to the adapters (`dev/stem/redis/<name>.lua`).
///
/// Scripts run through `RedisTemplate.execute(script, keys, args)`, which sends `EVALSHA` and falls
/// back to `EVAL` when the server has lost its script cache (for example after a restart). Every
/// script declares each key it touches in `KEYS`, and the keys of one script share a hash tag, so
/// the scripts also run on Redis Cluster.
public final class RedisScripts {

    private static final String FENCE = "fence";

    private RedisScripts() {
    }

    /// The script `name`, returning `type`.
    public static <T> RedisScript<T> load(String name, Class<T> type) {
        return RedisScript.of(read(name), type);
    }

    /// The script `name` preceded by `fence.lua`, which defines the ownership check `held` that the
    /// script calls before it changes a leased stream entry, and `payload_of`, which reads an entry's payload.
    public static <T> RedisScript<T> fenced(String name, Class<T> type) {
        return RedisScript.of(read(FENCE) + read(name), type);
    }

    private static String read(String name) {
        String path = "/dev/stem/redis/" + name + ".lua";
        try (InputStream in = RedisScripts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Lua script " + path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read Lua script " + path, ex);
        }
    }
}
