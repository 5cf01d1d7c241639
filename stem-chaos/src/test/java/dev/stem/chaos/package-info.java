@NullMarked
package dev.stem.chaos;

import org.jspecify.annotations.NullMarked;
