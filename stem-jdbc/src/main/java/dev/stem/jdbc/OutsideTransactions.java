package dev.stem.jdbc;

import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/// Runs work outside any transaction of the calling thread: a Spring transaction in progress is
/// suspended (`PROPAGATION_NOT_SUPPORTED`), so each statement autocommits on its own connection and
/// takes effect whatever the caller's transaction does later.
final class OutsideTransactions {

    private final TransactionTemplate notSupported;

    OutsideTransactions(DataSource dataSource) {
        this.notSupported = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.notSupported.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    <T> T call(Supplier<T> work) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return work.get();
        }
        return this.notSupported.execute(status -> work.get());
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }
}
