package dev.stem.task;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Executable;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.jspecify.annotations.NonNull;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;

/// Which parameters need a value: the rule argument binding applies to task method parameters and
/// to the constructor parameters of the records and classes they take (record components included).
///
/// A parameter is required when
/// - its type is primitive, or
/// - its type is annotated with JSpecify's `@NonNull`, or
/// - it is in `@NullMarked` code (its constructor or method, its class or an enclosing class, its
///   package or its module, the nearest `@NullMarked` or `@NullUnmarked` deciding) and its type is
///   not annotated `@Nullable`.
///
/// `Optional`, `OptionalInt`, `OptionalLong` and `OptionalDouble` are never required: an absent
/// value binds to the empty one. Everything else (unannotated code) may be absent and binds to `null`.
final class RequiredValues {

    private RequiredValues() {
    }

    /// Whether parameter `index` of `executable` needs a value.
    static boolean isRequired(Executable executable, int index) {
        Class<?> type = executable.getParameterTypes()[index];
        if (type.isPrimitive()) {
            return true;
        }
        if (isOptional(type)) {
            return false;
        }
        AnnotatedType annotated = executable.getAnnotatedParameterTypes()[index];
        if (annotated.isAnnotationPresent(Nullable.class)) {
            return false;
        }
        return annotated.isAnnotationPresent(NonNull.class) || isNullMarked(executable);
    }

    private static boolean isOptional(Class<?> type) {
        return type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                || type == OptionalDouble.class;
    }

    private static boolean isNullMarked(Executable executable) {
        Boolean own = marking(executable);
        if (own != null) {
            return own;
        }
        for (Class<?> type = executable.getDeclaringClass(); type != null; type = type.getEnclosingClass()) {
            Boolean marked = marking(type);
            if (marked != null) {
                return marked;
            }
        }
        Boolean onPackage = marking(executable.getDeclaringClass().getPackage());
        if (onPackage != null) {
            return onPackage;
        }
        return Boolean.TRUE.equals(marking(executable.getDeclaringClass().getModule()));
    }

    private static @Nullable Boolean marking(@Nullable AnnotatedElement element) {
        if (element == null) {
            return null;
        }
        if (element.isAnnotationPresent(NullUnmarked.class)) {
            return false;
        }
        return element.isAnnotationPresent(NullMarked.class) ? true : null;
    }
}
