/// backend
@NullMarked
package dev.stem.backend;

import org.jspecify.annotations.NullMarked;
