package dev.stem.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/// Matches when the given part of Stem is kept in the given store (see [StemStores]).
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnStemStoreCondition.class)
public @interface ConditionalOnStemStore {

    /// The store that must be selected.
    StemStoreType value();

    /// Which part of Stem is meant.
    Role role() default Role.BROKER;

    /// A part of Stem that can live in its own store.
    enum Role {
        /// The broker and the coordination stores.
        BROKER,
        /// The result backend.
        BACKEND
    }
}
