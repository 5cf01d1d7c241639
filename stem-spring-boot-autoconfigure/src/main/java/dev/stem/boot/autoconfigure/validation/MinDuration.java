package dev.stem.boot.autoconfigure.validation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/// The annotated [Duration] must be at least [#value()] (written as in properties: `1ms`, `0s`,
/// `PT1S`). `null` is valid; combine with `@NotNull` where a value is required.
@Documented
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinDuration.Validator.class)
public @interface MinDuration {

    /// The smallest valid duration, such as `1ms`.
    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /// Checks a [Duration] against [MinDuration#value()].
    final class Validator implements ConstraintValidator<MinDuration, Duration> {

        private Duration min = Duration.ZERO;

        @Override
        public void initialize(MinDuration annotation) {
            this.min = DurationStyle.detectAndParse(annotation.value());
        }

        @Override
        public boolean isValid(@Nullable Duration value, ConstraintValidatorContext context) {
            return value == null || value.compareTo(this.min) >= 0;
        }
    }
}
