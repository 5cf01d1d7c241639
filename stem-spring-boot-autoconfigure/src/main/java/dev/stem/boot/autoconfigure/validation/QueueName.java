package dev.stem.boot.autoconfigure.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Names;

/// The annotated string must be a valid queue name, by the same rule as every enqueue and fetch
/// ([Names#isValidQueueName(String)]). `null` is valid; combine with `@NotNull` where a value is
/// required.
@Documented
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = QueueName.Validator.class)
public @interface QueueName {

    String message() default "must be 1-100 characters of A-Z a-z 0-9 . _ - starting with a letter or digit";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /// Checks a string against the queue name rule.
    final class Validator implements ConstraintValidator<QueueName, String> {

        @Override
        public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
            return value == null || Names.isValidQueueName(value);
        }
    }
}
