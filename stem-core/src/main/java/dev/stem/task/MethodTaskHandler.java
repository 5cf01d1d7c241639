package dev.stem.task;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;
import tools.jackson.databind.json.JsonMapper;

/// Runs a task by calling a bean method with arguments bound by an [ArgumentBinder]. The method's
/// own exceptions propagate unwrapped, so retry rules see the real type.
public final class MethodTaskHandler implements TaskHandler {

    private final Object bean;

    private final Method invocable;

    private final Method declared;

    private final ArgumentBinder binder;

    /// A handler for task `taskName` calling `invocable` on `bean`; `declared` is the annotated method
    /// (the same, or the one behind a proxy), whose parameter names and types are bound.
    public MethodTaskHandler(String taskName, Object bean, Method invocable, Method declared, JsonMapper mapper) {
        this.bean = bean;
        this.invocable = invocable;
        this.declared = declared;
        this.binder = new ArgumentBinder(taskName, declared, mapper);
        ReflectionUtils.makeAccessible(invocable);
    }

    /// The annotated method this handler calls.
    public Method method() {
        return this.declared;
    }

    @Override
    public @Nullable Object handle(TaskContext context) throws Exception {
        Object[] arguments = this.binder.bind(context.args(), context);
        try {
            return this.invocable.invoke(this.bean, arguments);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getTargetException();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }
}
