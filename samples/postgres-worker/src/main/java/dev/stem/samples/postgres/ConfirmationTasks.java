package dev.stem.samples.postgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.stem.annotation.StemTask;

/// The worker's task: "sends" an order's confirmation and marks the order confirmed.
@Component
public class ConfirmationTasks {

    /// The task's name, as producers enqueue it.
    public static final String SEND_CONFIRMATION = "orders.send-confirmation";

    private static final Logger log = LoggerFactory.getLogger(ConfirmationTasks.class);

    private final JdbcClient jdbc;

    public ConfirmationTasks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /// Marks order `orderId` confirmed and returns what was sent. Delivery is at least once, so a
    /// second run keeps the first confirmation time.
    @StemTask(name = SEND_CONFIRMATION)
    public String sendConfirmation(long orderId) {
        String customer = this.jdbc.sql("UPDATE sample_orders SET confirmed_at = coalesce(confirmed_at, now()) "
                        + "WHERE id = :id RETURNING customer")
                .param("id", orderId).query(String.class).single();
        log.info("Sending the confirmation of order {} to {}", orderId, customer);
        return "confirmation of order " + orderId + " sent to " + customer;
    }
}
