package dev.stem.boot.autoconfigure;

import dev.stem.worker.WorkerOptions;

/// Adjusts the [WorkerOptions] that Stem binds from `stem.worker.*` before the worker is built:
/// an application changes what it needs (`options.withConcurrency(...)`) and keeps every other
/// value bound from its configuration, which defining its own `WorkerOptions` bean would not.
///
/// Every customizer bean is applied, in `@Order` / [org.springframework.core.Ordered] order, each
/// to the result of the one before. They do not apply to a `WorkerOptions` bean the application
/// defines itself.
@FunctionalInterface
public interface WorkerOptionsCustomizer {

    /// Returns the options to use instead of `options`; never `null`.
    WorkerOptions customize(WorkerOptions options);
}
