/// Micrometer meters of tasks, queues and workers (see `docs/observability.md` for the table).
/// Tags are bounded: task name, queue, outcome, state, dead-letter reason; never a task id.
@NullMarked
package dev.stem.metrics;

import org.jspecify.annotations.NullMarked;
