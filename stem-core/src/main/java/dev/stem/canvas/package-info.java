/// Workflows of tasks: signatures, chains, groups, chords, map/starmap/chunks, link and linkError.
///
/// A workflow's next steps travel with its messages (the `stem-canvas` header) and are published
/// by the worker that finishes a step, before that step's result is stored and its message acked,
/// so a worker that dies publishes them again when the step runs again (publishing is idempotent
/// by message id). A chord's members are counted as a set of member ids in a [ChordStore], which
/// claims and publishes the body (or the error callback) in one step a crash cannot split.
@NullMarked
package dev.stem.canvas;

import org.jspecify.annotations.NullMarked;
