/// The Redis and PostgreSQL servers of integration tests, found once per JVM in this order: the
/// `STEM_TEST_REDIS_URL` / `STEM_TEST_POSTGRES_URL` variable; else a server answering on its default
/// port on 127.0.0.1; else a Testcontainers container when Docker is available. When none can be
/// had, a class annotated [RequiresRedis] or [RequiresPostgres] is skipped with the reason, or fails
/// when `STEM_REQUIRE_SERVICES=true` or `CI=true`.
@NullMarked
package dev.stem.test.server;

import org.jspecify.annotations.NullMarked;
