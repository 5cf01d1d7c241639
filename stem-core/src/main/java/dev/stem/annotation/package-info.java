/// annotation
@NullMarked
package dev.stem.annotation;

import org.jspecify.annotations.NullMarked;
