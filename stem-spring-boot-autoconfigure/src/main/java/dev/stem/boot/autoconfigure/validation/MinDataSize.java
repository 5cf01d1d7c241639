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
import org.springframework.util.unit.DataSize;

/// The annotated [DataSize] must be at least [#value()] (written as in properties: `1B`, `1KB`).
/// `null` is valid; combine with `@NotNull` where a value is required.
@Documented
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = MinDataSize.Validator.class)
public @interface MinDataSize {

    /// The smallest valid size, such as `1B`.
    String value();

    String message() default "must be at least {value}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /// Checks a [DataSize] against [MinDataSize#value()].
    final class Validator implements ConstraintValidator<MinDataSize, DataSize> {

        private DataSize min = DataSize.ofBytes(0);

        @Override
        public void initialize(MinDataSize annotation) {
            this.min = DataSize.parse(annotation.value());
        }

        @Override
        public boolean isValid(@Nullable DataSize value, ConstraintValidatorContext context) {
            return value == null || value.compareTo(this.min) >= 0;
        }
    }
}
