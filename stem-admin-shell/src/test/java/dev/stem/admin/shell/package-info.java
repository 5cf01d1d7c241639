/// Smoke tests of the admin shell and its commands.
@NullMarked
package dev.stem.admin.shell;

import org.jspecify.annotations.NullMarked;
