/// envelope
@NullMarked
package dev.stem.envelope;

import org.jspecify.annotations.NullMarked;
