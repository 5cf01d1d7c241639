/// broker
@NullMarked
package dev.stem.broker;

import org.jspecify.annotations.NullMarked;
