package dev.stem.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/// What to undo when the JVM shuts down before a scenario finished (Ctrl-C, `kill`, the watchdog
/// excepted): running workers are stopped, then stores delete their keys or tables. Actions run
/// in the reverse order of registration, each at most once; a failing one does not stop the others.
public final class ShutdownCleanup {

    private static final Map<Object, Runnable> actions = Collections.synchronizedMap(new IdentityHashMap<>());

    private static final List<Object> order = Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("bench-cleanup").unstarted(ShutdownCleanup::runAll));
    }

    private ShutdownCleanup() {
    }

    /// Runs `action` at shutdown unless [#unregister] is called for `owner` first.
    public static void register(Object owner, Runnable action) {
        actions.put(owner, action);
        order.add(owner);
    }

    /// Forgets the action of `owner` (it was done the normal way).
    public static void unregister(Object owner) {
        actions.remove(owner);
        order.remove(owner);
    }

    private static void runAll() {
        List<Object> owners;
        synchronized (order) {
            owners = new ArrayList<>(order);
        }
        Collections.reverse(owners);
        for (Object owner : owners) {
            Runnable action = actions.remove(owner);
            if (action == null) {
                continue;
            }
            try {
                action.run();
            }
            catch (RuntimeException ex) {
                System.err.println("bench: cleanup at shutdown failed: " + ex);
            }
        }
    }
}
