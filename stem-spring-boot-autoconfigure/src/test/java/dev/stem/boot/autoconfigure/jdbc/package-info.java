/// Tests of the PostgreSQL auto-configuration: wiring without a server, and runs against a real one.
@NullMarked
package dev.stem.boot.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
