/// PostgreSQL implementations of every Stem contract on Spring JDBC: a `SKIP LOCKED` broker with
/// LISTEN/NOTIFY wake-ups and transactional enqueue, a result backend, a schedule store and the
/// coordination stores, plus [dev.stem.jdbc.StemJdbcSchema], which owns their versioned tables.
@NullMarked
package dev.stem.jdbc;

import org.jspecify.annotations.NullMarked;
