/// Health indicators of Stem for Spring Boot Actuator.
@NullMarked
package dev.stem.boot.health;

import org.jspecify.annotations.NullMarked;
