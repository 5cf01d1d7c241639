package dev.stem.boot.autoconfigure.jdbc;

import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;

/// Warns, once, when a message is enqueued inside a Spring transaction that does not hold a
/// connection of the broker's `DataSource`: such an enqueue is not part of the transaction (the
/// job is committed at once and stays when the transaction rolls back), which is what happens when
/// Stem has a pool of its own (`stem.broker.url`) or the transaction runs on another database.
///
/// It never changes or refuses a message. It sees an enqueue made through the `Stem` client; an
/// enqueue inside a transaction on the broker's own `DataSource` joins it and is not reported.
public final class TransactionalEnqueueCheck implements EnqueueInterceptor {

    private static final Logger log = LoggerFactory.getLogger(TransactionalEnqueueCheck.class);

    private final DataSource broker;

    private final String brokerDescription;

    private final AtomicBoolean warned = new AtomicBoolean();

    /// Checks enqueues against `broker`, the broker's `DataSource`, which `brokerDescription`
    /// names in the warning (such as "its own pool from stem.broker.url").
    public TransactionalEnqueueCheck(DataSource broker, String brokerDescription) {
        this.broker = broker;
        this.brokerDescription = brokerDescription;
    }

    @Override
    public Envelope beforePublish(Envelope envelope) {
        if (TransactionSynchronizationManager.isActualTransactionActive()
                && !TransactionSynchronizationManager.hasResource(this.broker)
                && this.warned.compareAndSet(false, true)) {
            log.warn("Message {} ({}) was enqueued inside a Spring transaction that is not on the DataSource of "
                    + "Stem's broker ({}): the job is committed at once and stays if the transaction rolls back. "
                    + "To enqueue in the transaction, put the broker on the transaction's DataSource: remove "
                    + "stem.broker.url and set stem.broker.type=postgres (the application's DataSource), or mark the "
                    + "transaction's DataSource @StemDataSource. Logged once.", envelope.id(), envelope.task(),
                    this.brokerDescription);
        }
        return envelope;
    }
}
