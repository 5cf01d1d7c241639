/// Stem for Java: the client facade and the root exception.
@NullMarked
package dev.stem;

import org.jspecify.annotations.NullMarked;
