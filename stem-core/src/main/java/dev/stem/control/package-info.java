/// control
@NullMarked
package dev.stem.control;

import org.jspecify.annotations.NullMarked;
