package dev.stem.samples.postgres;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import dev.stem.boot.autoconfigure.jdbc.StemJdbcDataSources;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskTimeoutException;

/// The `producer` profile: places `sample.orders` orders (each with its confirmation job), then one
/// that fails after its enqueue and is rolled back with its job, prints what is queued and, with
/// `sample.await=true`, waits for the worker's results. What it says about the rolled-back order
/// depends on where the broker is: on the application's `DataSource` (`stem.broker.type:
/// postgres`) the job rolls back with the order; on a pool of Stem's own (`stem.broker.url`) it
/// does not, and the producer says so.
@Component
@Profile("producer")
class Producer implements ApplicationRunner {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final OrderService orders;

    private final Broker broker;

    private final int count;

    private final boolean await;

    private final String customer;

    private final boolean jobsJoinTheOrderTransaction;

    private final PrintStream out = System.out;

    Producer(OrderService orders, Broker broker, DataSource dataSource,
            ObjectProvider<StemJdbcDataSources> stemDataSources, @Value("${sample.orders:10}") int count,
            @Value("${sample.await:false}") boolean await, @Value("${sample.customer:customer}") String customer) {
        this.orders = orders;
        this.broker = broker;
        StemJdbcDataSources stem = stemDataSources.getIfAvailable();
        this.jobsJoinTheOrderTransaction = stem != null && stem.broker() == dataSource;
        this.count = count;
        this.await = await;
        this.customer = customer;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<PlacedOrder> placed = new ArrayList<>();
        for (int i = 1; i <= this.count; i++) {
            placed.add(this.orders.placeOrder(this.customer + "-" + i + "@example.com", "book", 1 + i % 3));
        }
        if (this.jobsJoinTheOrderTransaction) {
            this.out.printf("%nPlaced %d orders, each committed together with its confirmation job.%n",
                    placed.size());
        }
        else {
            this.out.printf("%nPlaced %d orders; their confirmation jobs were committed on their own, outside the "
                    + "orders' transactions (the broker has its own pool, stem.broker.url).%n", placed.size());
        }
        try {
            this.orders.placeOrder(this.customer + "-greedy@example.com", "book", OrderService.STOCK + 1);
        }
        catch (OutOfStockException ex) {
            if (this.jobsJoinTheOrderTransaction) {
                this.out.printf("One more order failed after its job was enqueued (%s): rolled back, no order row "
                        + "and no job.%n", ex.getMessage());
            }
            else {
                this.out.printf("One more order failed after its job was enqueued (%s): the order row was rolled "
                        + "back, but its job was not and stays queued for an order that does not exist. Use "
                        + "stem.broker.type=postgres (the application's DataSource) to enqueue in the transaction.%n",
                        ex.getMessage());
            }
        }
        QueueStats queue = this.broker.stats("default");
        this.out.printf("Queue 'default' now: %d ready, %d being worked on.%n", queue.ready(), queue.inFlight());
        if (!this.await) {
            this.out.println("Start the worker (profile 'worker') to run them.");
            return;
        }
        this.out.println("Results from the worker:");
        for (PlacedOrder order : placed) {
            this.out.printf("  order %d: %s%n", order.id(), outcome(order));
        }
    }

    private String outcome(PlacedOrder order) {
        try {
            return "SUCCESS -> " + order.confirmation().result(WAIT);
        }
        catch (TaskFailedException ex) {
            return ex.record().state() + " -> " + (ex.record().error() != null ? ex.record().error().message() : "");
        }
        catch (TaskTimeoutException ex) {
            return "no result within " + WAIT.toSeconds() + " s: is a worker running?";
        }
    }
}
