/// The broker contract: at-least-once delivery with leases, delays, priorities and dead letters.
@NullMarked
package dev.stem.broker;

import org.jspecify.annotations.NullMarked;
