package dev.stem.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/// Switches on [StemTask] discovery in a Spring context: every `@StemTask` method of every bean is
/// registered in the context's [dev.stem.task.TaskRegistry] bean. Spring Boot applications get this
/// from the Stem auto-configuration without the annotation.
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(StemAnnotationConfiguration.class)
public @interface EnableStem {
}
