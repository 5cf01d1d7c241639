/// A task library as users ship one for the worker jar: outside the worker's packages, registering
/// its tasks only through its own `AutoConfiguration.imports`, which [dev.stem.apps.TaskJar] writes
/// into the jar it builds (the test class path has none, so the tests' own client never loads it).
@NullMarked
package com.example.invoices;

import org.jspecify.annotations.NullMarked;
