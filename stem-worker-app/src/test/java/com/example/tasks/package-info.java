/// Stands in for a task library put on the worker app's loader path: it is outside the app's
/// packages and registers its tasks only through its own `AutoConfiguration.imports`.
@NullMarked
package com.example.tasks;

import org.jspecify.annotations.NullMarked;
