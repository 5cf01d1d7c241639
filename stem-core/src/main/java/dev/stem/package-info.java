/// root
@NullMarked
package dev.stem;

import org.jspecify.annotations.NullMarked;
