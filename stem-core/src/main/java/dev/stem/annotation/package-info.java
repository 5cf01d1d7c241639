/// `@StemTask` and `@EnableStem`: declare tasks on Spring bean methods and discover them.
@NullMarked
package dev.stem.annotation;

import org.jspecify.annotations.NullMarked;
