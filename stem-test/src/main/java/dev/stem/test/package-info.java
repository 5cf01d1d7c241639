/// Test support for applications that use Stem: [StemTestWorker] runs tasks through a real worker
/// on in-memory stores (or stores you pass), so a plain JUnit test or a `@SpringBootTest` can run a
/// task and assert its typed result, its failure or its dead letter without a server.
@NullMarked
package dev.stem.test;

import org.jspecify.annotations.NullMarked;
