package dev.stem.task;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.util.ClassUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/// Binds a message's JSON args to a method's parameters with Jackson.
///
/// - A JSON array binds by position.
/// - A JSON object binds by parameter name (compile with `-parameters`, as Spring Boot builds do);
///   a method with a single non-simple parameter whose name is not a key of the object receives the
///   whole object instead.
/// - A [TaskContext] parameter receives the context and takes no argument.
/// - A missing or `null` argument binds to `null` (or `Optional.empty()`) unless the parameter is
///   required (primitive, or non-null by JSpecify: annotated `@NonNull`, or in `@NullMarked` code and
///   not annotated `@Nullable`; `Optional` never is); the same rule applies to
///   the constructor parameters of the records and classes the arguments bind to.
/// - An unknown key, a missing required value or a value of the wrong type fails with an
///   [ArgumentBindingException] that names the parameter (and the property, for a record's).
public final class ArgumentBinder {

    private static final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    private final String taskName;

    private final Method method;

    private final JsonMapper mapper;

    private final List<Slot> slots;

    public ArgumentBinder(String taskName, Method method, JsonMapper mapper) {
        this.taskName = taskName;
        this.method = method;
        this.mapper = RequiredValuesModule.bindingMapper(mapper);
        this.slots = slotsOf(method, this.mapper);
    }

    /// The parameter names of `method` that take arguments (not the [TaskContext]), in order; `argN`
    /// when the class was compiled without `-parameters`.
    public static List<String> argumentNames(Method method) {
        String[] discovered = names.getParameterNames(method);
        List<String> result = new ArrayList<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (!TaskContext.class.isAssignableFrom(parameters[i].getType())) {
                result.add(discovered != null ? discovered[i] : parameters[i].getName());
            }
        }
        return result;
    }

    /// The Java arguments for one call.
    public @Nullable Object[] bind(JsonNode args, TaskContext context) {
        @Nullable Object[] values = new Object[this.slots.size()];
        List<Slot> bound = this.slots.stream().filter(slot -> !slot.context()).toList();
        if (args.isArray()) {
            if (args.size() != bound.size()) {
                throw new ArgumentBindingException("Task '" + this.taskName + "' takes " + bound.size()
                        + " arguments " + bound.stream().map(Slot::name).toList() + " but got " + args.size());
            }
            for (int i = 0; i < bound.size(); i++) {
                values[bound.get(i).index()] = convert(bound.get(i), args.get(i));
            }
        }
        else if (bound.size() == 1 && !bound.get(0).simple() && !args.has(bound.get(0).name())) {
            values[bound.get(0).index()] = convert(bound.get(0), args);
        }
        else {
            Set<String> unknown = new HashSet<>(args.propertyNames());
            for (Slot slot : bound) {
                unknown.remove(slot.name());
                values[slot.index()] = convert(slot, args.get(slot.name()));
            }
            if (!unknown.isEmpty()) {
                throw new ArgumentBindingException("Task '" + this.taskName + "' has no parameter named "
                        + unknown.stream().sorted().toList() + "; its parameters are "
                        + bound.stream().map(Slot::name).toList());
            }
        }
        for (Slot slot : this.slots) {
            if (slot.context()) {
                values[slot.index()] = context;
            }
        }
        return values;
    }

    private @Nullable Object convert(Slot slot, @Nullable JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            if (slot.required()) {
                throw new ArgumentBindingException("Task '" + this.taskName + "' needs argument '" + slot.name()
                        + "' (" + slot.type().getRawClass().getSimpleName() + ") but the message has "
                        + (value == null || value.isMissingNode() ? "none" : "null"));
            }
            return absent(slot.type().getRawClass());
        }
        try {
            return this.mapper.treeToValue(value, slot.type());
        }
        catch (JacksonException ex) {
            throw cannotRead(slot, value, ex.getOriginalMessage() + at(slot, ex.getPath()), ex);
        }
        catch (IllegalArgumentException ex) {
            throw cannotRead(slot, value, ex.getMessage(), ex);
        }
    }

    /// What an absent argument that is not required binds to: the empty optional, else `null`.
    private static @Nullable Object absent(Class<?> type) {
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == OptionalInt.class) {
            return OptionalInt.empty();
        }
        if (type == OptionalLong.class) {
            return OptionalLong.empty();
        }
        return type == OptionalDouble.class ? OptionalDouble.empty() : null;
    }

    private ArgumentBindingException cannotRead(Slot slot, JsonNode value, @Nullable String why, Exception cause) {
        return new ArgumentBindingException("Task '" + this.taskName + "': argument '" + slot.name()
                + "' cannot be read as " + slot.type().toCanonical() + " from " + abbreviate(value.toString())
                + ": " + why, cause);
    }

    /// Where in the argument the error is, as `order.items[0].sku`; empty at the argument itself.
    private static String at(Slot slot, List<JacksonException.Reference> path) {
        if (path.isEmpty()) {
            return "";
        }
        StringBuilder where = new StringBuilder(" (at ").append(slot.name());
        for (JacksonException.Reference step : path) {
            if (step.getPropertyName() != null) {
                where.append('.').append(step.getPropertyName());
            }
            else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.append(')').toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static List<Slot> slotsOf(Method method, JsonMapper mapper) {
        Parameter[] parameters = method.getParameters();
        List<String> argumentNames = argumentNames(method);
        List<Slot> slots = new ArrayList<>();
        int argument = 0;
        for (int i = 0; i < parameters.length; i++) {
            Class<?> raw = parameters[i].getType();
            boolean context = TaskContext.class.isAssignableFrom(raw);
            String name = context ? "context" : argumentNames.get(argument++);
            slots.add(new Slot(i, name, mapper.constructType(method.getGenericParameterTypes()[i]), context,
                    ClassUtils.isSimpleValueType(raw) || raw.isArray() || Collection.class.isAssignableFrom(raw)
                            || raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class,
                    !context && RequiredValues.isRequired(method, i)));
        }
        return slots;
    }

    /// One parameter of the method.
    private record Slot(int index, String name, JavaType type, boolean context, boolean simple, boolean required) {
    }
}
