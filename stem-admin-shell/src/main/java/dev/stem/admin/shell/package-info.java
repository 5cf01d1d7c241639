/// The operator's command line: Spring Shell commands over the same broker and stores as the workers.
@NullMarked
package dev.stem.admin.shell;

import org.jspecify.annotations.NullMarked;
