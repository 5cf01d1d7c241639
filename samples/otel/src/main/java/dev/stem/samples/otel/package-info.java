/// A producer and a worker that export their traces and metrics over OTLP.
@NullMarked
package dev.stem.samples.otel;

import org.jspecify.annotations.NullMarked;
