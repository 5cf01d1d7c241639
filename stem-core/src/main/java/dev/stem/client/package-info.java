/// The standard client, enqueue options and task handles.
@NullMarked
package dev.stem.client;

import org.jspecify.annotations.NullMarked;
