package dev.stem.test.server;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/// Runs the annotated test class only when [PostgresTestServer] finds a server. Without one, every
/// test of the class is reported as skipped with the reason (nothing of the class runs, not even
/// `@BeforeAll`), or fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`.
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PostgresServerCondition.class)
public @interface RequiresPostgres {
}
