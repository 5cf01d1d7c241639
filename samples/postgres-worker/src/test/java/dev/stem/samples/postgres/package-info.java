/// Smoke test of the PostgreSQL sample.
@NullMarked
package dev.stem.samples.postgres;

import org.jspecify.annotations.NullMarked;
