package dev.stem.samples.postgres;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.stem.Stem;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;

/// Places orders. The order row and its "send confirmation" job are written in one transaction on
/// the application's `DataSource` (the one Stem's broker uses with `stem.broker.type: postgres`):
/// both are committed, or neither is. No outbox table, no relay, no job for an order that never
/// existed, no order without its job. With `stem.broker.url` instead, the broker publishes on a pool
/// of its own, outside this transaction: a rolled-back order leaves its job behind (Stem logs a
/// warning once).
@Service
public class OrderService {

    /// How many of any item are in stock; a larger order fails after its job was enqueued.
    static final int STOCK = 100;

    private final JdbcClient jdbc;

    private final Stem stem;

    public OrderService(JdbcClient jdbc, Stem stem) {
        this.jdbc = jdbc;
        this.stem = stem;
    }

    /// Inserts the order and enqueues its confirmation; throws [OutOfStockException] (rolling both
    /// back) when `quantity` is more than the stock.
    @Transactional
    public PlacedOrder placeOrder(String customer, String item, int quantity) {
        long id = this.jdbc.sql("INSERT INTO sample_orders (customer, item, quantity) "
                        + "VALUES (:customer, :item, :quantity) RETURNING id")
                .param("customer", customer).param("item", item).param("quantity", quantity)
                .query(Long.class).single();
        TaskHandle<String> confirmation = this.stem.enqueue(ConfirmationTasks.SEND_CONFIRMATION, Map.of("orderId", id),
                EnqueueOptions.defaults(), String.class);
        if (quantity > STOCK) {
            throw new OutOfStockException(item, quantity, STOCK);
        }
        return new PlacedOrder(id, confirmation);
    }
}
