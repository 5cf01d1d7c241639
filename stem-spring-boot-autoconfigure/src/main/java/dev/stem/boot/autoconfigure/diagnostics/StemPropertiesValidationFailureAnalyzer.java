package dev.stem.boot.autoconfigure.diagnostics;

import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/// Reports a `stem.*` value outside its allowed range as Boot reports a constraint violation
/// (property, value, origin, reason), with the value as it was written and where it was set also
/// for the nested groups (`stem.worker.lease`), for which Boot's own report shows the converted
/// value (`PT0S`) and no origin. Other properties are left to Boot's analyzer.
class StemPropertiesValidationFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
        implements Ordered {

    @Override
    public int getOrder() {
        return 0;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindValidationException cause) {
        ValidationErrors errors = cause.getValidationErrors();
        ConfigurationPropertyName target = errors.getName();
        if (!StemPropertyCatalog.ROOT.equals(target) && !StemPropertyCatalog.ROOT.isAncestorOf(target)) {
            return null;
        }
        BindException binding = findCause(rootFailure, BindException.class);
        StringBuilder description = new StringBuilder("Binding to target ")
                .append(binding != null ? binding.getTarget().getType() : target).append(" failed:\n");
        for (ObjectError error : errors) {
            if (error instanceof FieldError field) {
                describe(description, errors, field);
            }
            else {
                description.append("\n    Reason: ").append(error.getDefaultMessage()).append('\n');
            }
        }
        return new FailureAnalysis(description.toString(), "Update your application's configuration", cause);
    }

    private static void describe(StringBuilder description, ValidationErrors errors, FieldError field) {
        ConfigurationPropertyName name = errors.getName().append(DataObjectPropertyName.toDashedForm(field.getField()));
        Optional<ConfigurationProperty> exact = errors.getBoundProperties().stream()
                .filter((property) -> property.getName().equals(name)).findFirst();
        Optional<ConfigurationProperty> enclosing = exact.or(() -> errors.getBoundProperties().stream()
                .filter((property) -> property.getName().isAncestorOf(name)).findFirst());
        Object value = exact.map(ConfigurationProperty::getValue).orElse(field.getRejectedValue());
        Origin origin = enclosing.map(ConfigurationProperty::getOrigin).orElse(Origin.from(field));
        description.append("\n    Property: ").append(name);
        description.append("\n    Value: \"").append(value).append('"');
        if (origin != null) {
            description.append("\n    Origin: ").append(origin);
        }
        description.append("\n    Reason: ").append(field.getDefaultMessage()).append('\n');
    }
}
