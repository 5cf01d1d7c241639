/// Micrometer Observations of publishing and processing a task, the W3C trace context carried in
/// the envelope's headers, and the MDC of a running task.
@NullMarked
package dev.stem.observation;

import org.jspecify.annotations.NullMarked;
