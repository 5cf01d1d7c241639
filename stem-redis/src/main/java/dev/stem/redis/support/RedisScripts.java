package dev.stem.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.core.script.RedisScript;

/// Loads the Lua scripts kept as resources next to the adapters (`dev/stem/redis/<name>.lua`).
///
/// A script is either complete, with its own `#!lua` line ([#load]), or composed: a `#!lua` line,
/// then prelude fragments, each defining local functions that the script after them calls, then the
/// script ([#composed], [#fenced]). Fragments and composed scripts have no `#!` line of their own.
///
/// Scripts run through `RedisTemplate.execute(script, keys, args)`, which sends `EVALSHA` and falls
/// back to `EVAL` when the server has lost its script cache (for example after a restart). Every
/// script declares each key it touches in `KEYS`, and the keys of one script share a hash tag, so
/// the scripts also run on Redis Cluster (except where a script says otherwise).
public final class RedisScripts {

    private static final String SHEBANG = "#!";

    private static final String FENCE = "fence";

    private RedisScripts() {
    }

    /// The complete script `name`, returning `type`.
    public static <T> RedisScript<T> load(String name, Class<T> type) {
        return RedisScript.of(read(name), type);
    }

    /// The script `name` after the prelude fragments `preludes`, in that order, under one `#!lua`
    /// line (no flags: the script may write). Fails when a part is missing or has a `#!` line.
    public static <T> RedisScript<T> composed(String name, Class<T> type, String... preludes) {
        StringBuilder script = new StringBuilder("#!lua\n");
        for (String prelude : preludes) {
            script.append(fragment(prelude));
        }
        return RedisScript.of(script.append(fragment(name)).toString(), type);
    }

    /// The script `name` composed after `fence.lua`, then `preludes`. `fence.lua` defines the
    /// ownership check `held` that the script calls before it changes a leased entry, and
    /// `payload_of`, which reads an entry's payload.
    public static <T> RedisScript<T> fenced(String name, Class<T> type, String... preludes) {
        String[] parts = new String[preludes.length + 1];
        parts[0] = FENCE;
        System.arraycopy(preludes, 0, parts, 1, preludes.length);
        return composed(name, type, parts);
    }

    private static String fragment(String name) {
        String text = read(name);
        if (text.startsWith(SHEBANG)) {
            throw new IllegalStateException("Lua fragment " + name + ".lua must not start with a #! line: "
                    + "the composed script has one");
        }
        return text.endsWith("\n") ? text : text + "\n";
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
