package dev.stem.task;

import java.lang.reflect.Executable;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.Version;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.AnnotatedParameter;
import tools.jackson.databind.introspect.NopAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/// Makes Jackson apply [RequiredValues] to constructor parameters (record components included):
/// a required one that is absent fails with "Missing required creator property", one that is
/// `null` fails with "Invalid `null` value". Everything else the application's mapper does is kept.
final class RequiredValuesModule extends JacksonModule {

    private static final Map<JsonMapper, JsonMapper> bindingMappers = Collections.synchronizedMap(new WeakHashMap<>());

    private RequiredValuesModule() {
    }

    /// `mapper` with this module added, built once per mapper.
    static JsonMapper bindingMapper(JsonMapper mapper) {
        return bindingMappers.computeIfAbsent(mapper,
                application -> application.rebuild().addModule(new RequiredValuesModule()).build());
    }

    @Override
    public String getModuleName() {
        return "stem-required-values";
    }

    @Override
    public Version version() {
        return Version.unknownVersion();
    }

    @Override
    public void setupModule(SetupContext context) {
        context.insertAnnotationIntrospector(new RequiredParameters());
    }

    /// Marks required constructor parameters as required and not nullable.
    private static final class RequiredParameters extends NopAnnotationIntrospector {

        @Override
        public @Nullable Boolean hasRequiredMarker(MapperConfig<?> config, AnnotatedMember member) {
            return isRequiredParameter(member) ? Boolean.TRUE : null;
        }

        @Override
        public JsonSetter.Value findSetterInfo(MapperConfig<?> config, Annotated annotated) {
            return isRequiredParameter(annotated) ? JsonSetter.Value.forValueNulls(Nulls.FAIL) : JsonSetter.Value.empty();
        }

        private static boolean isRequiredParameter(Annotated annotated) {
            return annotated instanceof AnnotatedParameter parameter
                    && parameter.getOwner().getAnnotated() instanceof Executable executable
                    && RequiredValues.isRequired(executable, parameter.getIndex());
        }
    }
}
