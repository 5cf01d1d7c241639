package dev.stem.boot.autoconfigure.jdbc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/// Marks the `DataSource` bean Stem's PostgreSQL stores should use when the application has
/// several (like `@QuartzDataSource` for Quartz). It wins over the application's primary
/// `DataSource`; a `stem.broker.url` or `stem.backend.url` wins over it.
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface StemDataSource {
}
