/// The canvas sample: a thumbnail workflow (a group, a chord with a summary, a chord whose failing
/// member calls the error callback) on the in-memory default or on Redis.
@NullMarked
package dev.stem.samples.canvas;

import org.jspecify.annotations.NullMarked;
