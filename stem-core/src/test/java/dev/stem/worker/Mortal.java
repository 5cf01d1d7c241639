package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/// Store clients of a worker that can "die" in a test as a killed process would: once [#kill()] is
/// called every call fails, so nothing the worker held is acked, extended, given back or stored,
/// and its messages are delivered again when their leases lapse. Its threads go on, unheard.
final class Mortal {

    private final AtomicBoolean dead = new AtomicBoolean();

    /// `target` as seen by this worker: every call fails once it is dead.
    <T> T view(Class<T> type, T target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
                (proxy, method, args) -> {
                    if (this.dead.get()) {
                        throw new IllegalStateException("this worker is dead");
                    }
                    try {
                        return method.invoke(target, args);
                    }
                    catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                }));
    }

    void kill() {
        this.dead.set(true);
    }

    boolean isDead() {
        return this.dead.get();
    }
}
