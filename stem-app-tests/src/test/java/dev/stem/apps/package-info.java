/// Tests of the three shipped jars, each started as its own process with `java -jar`, against
/// the Redis and PostgreSQL servers that stem-test's `RedisTestServer` and `PostgresTestServer` find.
@NullMarked
package dev.stem.apps;

import org.jspecify.annotations.NullMarked;
