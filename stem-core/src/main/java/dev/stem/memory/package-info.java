/// memory
@NullMarked
package dev.stem.memory;

import org.jspecify.annotations.NullMarked;
