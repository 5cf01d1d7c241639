package dev.stem.annotation;

import java.lang.reflect.Method;

import org.springframework.util.StringUtils;

/// The default name of a `@StemTask` method: `<SimpleClassName>.<methodName>`.
public final class TaskNames {

    private TaskNames() {
    }

    /// The name declared on `method`'s annotation, or its default name.
    public static String of(Method method, StemTask annotation) {
        return StringUtils.hasText(annotation.name()) ? annotation.name() : defaultName(method);
    }

    /// `<SimpleClassName>.<methodName>` of the class that declares `method`.
    public static String defaultName(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName();
    }
}
