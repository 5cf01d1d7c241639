package dev.stem.client;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.aopalliance.intercept.MethodInterceptor;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.ProxyFactory;

/// A method call captured on a stand-in object instead of being run: how [dev.stem.Stem#call]
/// learns which `@StemTask` method to enqueue and with what arguments.
///
/// @param method the method called
/// @param arguments the arguments passed
record RecordedCall(Method method, @Nullable Object[] arguments) {

    /// Calls `invocation` on a stand-in of `type` and returns the one call it made on it.
    static <T> RecordedCall record(Class<T> type, Consumer<T> invocation) {
        AtomicReference<RecordedCall> captured = new AtomicReference<>();
        ProxyFactory factory = new ProxyFactory();
        if (type.isInterface()) {
            factory.addInterface(type);
        }
        else {
            factory.setTargetClass(type);
            factory.setProxyTargetClass(true);
        }
        factory.addAdvice((MethodInterceptor) call -> {
            if (!captured.compareAndSet(null, new RecordedCall(call.getMethod(), call.getArguments()))) {
                throw new IllegalArgumentException("The lambda given to Stem calls more than one method on "
                        + type.getSimpleName() + "; call exactly one @StemTask method");
            }
            return defaultValue(call.getMethod().getReturnType());
        });
        @SuppressWarnings("unchecked")
        T standIn = (T) factory.getProxy(type.getClassLoader());
        invocation.accept(standIn);
        RecordedCall call = captured.get();
        if (call == null) {
            throw new IllegalArgumentException("The lambda given to Stem calls no method on " + type.getSimpleName()
                    + "; call exactly one @StemTask method");
        }
        return call;
    }

    private static @Nullable Object defaultValue(Class<?> type) {
        return type.isPrimitive() && type != void.class ? Array.get(Array.newInstance(type, 1), 0) : null;
    }
}
