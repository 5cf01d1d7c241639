/// Tests of the three shipped jars, each started as its own process with `java -jar`, against
/// the Redis and PostgreSQL servers of `STEM_TEST_REDIS_URL` and `STEM_TEST_POSTGRES_URL`.
@NullMarked
package dev.stem.apps;

import org.jspecify.annotations.NullMarked;
