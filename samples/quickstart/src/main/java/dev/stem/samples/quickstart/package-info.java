/// The quick start: a small demo workload on the in-memory default, run by an embedded worker
/// that narrates its progress, then a results table once every task has finished.
@NullMarked
package dev.stem.samples.quickstart;

import org.jspecify.annotations.NullMarked;
