package dev.stem.worker;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

import dev.stem.broker.Broker;

/// Brokers for engine tests that change how some calls of a real broker behave.
final class BrokerCalls {

    private BrokerCalls() {
    }

    /// The call being made: its method, its arguments, and the target's answer on demand.
    interface Call {

        Method method();

        Object[] args();

        /// Makes the call on the target; throws what the target threw.
        Object proceed() throws Throwable;
    }

    /// What a test broker does with each call: usually [Call#proceed()], with something before or after.
    @FunctionalInterface
    interface Around {

        Object call(Call call) throws Throwable;
    }

    /// A broker that hands every call to `around`, which may pass it on to `target`.
    static Broker around(Broker target, Around around) {
        return (Broker) Proxy.newProxyInstance(Broker.class.getClassLoader(), new Class<?>[] { Broker.class },
                (proxy, method, args) -> around.call(new Call() {

                    @Override
                    public Method method() {
                        return method;
                    }

                    @Override
                    public Object[] args() {
                        return args;
                    }

                    @Override
                    public Object proceed() throws Throwable {
                        try {
                            return method.invoke(target, args);
                        }
                        catch (InvocationTargetException ex) {
                            throw ex.getCause();
                        }
                    }
                }));
    }
}
