/// The sample, run as its README runs it.
@NullMarked
package dev.stem.samples.otel;

import org.jspecify.annotations.NullMarked;
