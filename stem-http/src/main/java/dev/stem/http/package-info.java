/// The HTTP API for producers in any language: enqueue one task or a batch, read a task's state and
/// result, cancel, list queues, read and replay a dead letter. Off unless `stem.http.enabled=true`.
@NullMarked
package dev.stem.http;

import org.jspecify.annotations.NullMarked;
