/// Tests of the Actuator endpoint, metrics and traces over HTTP.
@NullMarked
package dev.stem.boot.actuate;

import org.jspecify.annotations.NullMarked;
