/// The result backend contract and the canonical result record.
@NullMarked
package dev.stem.backend;

import org.jspecify.annotations.NullMarked;
