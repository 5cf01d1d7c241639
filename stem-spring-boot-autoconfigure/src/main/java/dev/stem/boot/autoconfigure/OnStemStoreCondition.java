package dev.stem.boot.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/// Evaluates [ConditionalOnStemStore].
final class OnStemStoreCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnStemStore.class.getName());
        StemStoreType wanted = (StemStoreType) attributes.get("value");
        ConditionalOnStemStore.Role role = (ConditionalOnStemStore.Role) attributes.get("role");
        StemStoreType actual = role == ConditionalOnStemStore.Role.BACKEND
                ? StemStores.backend(context.getEnvironment())
                : StemStores.broker(context.getEnvironment());
        String message = "Stem " + role.name().toLowerCase() + " store is " + actual;
        return actual == wanted ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
