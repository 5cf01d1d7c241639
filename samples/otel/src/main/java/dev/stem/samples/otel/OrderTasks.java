package dev.stem.samples.otel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.stem.annotation.StemTask;
import dev.stem.task.TaskContext;

/// The worker's task. The first attempt for an odd order number fails (a flaky mail server), so
/// its trace shows a retry beside the first attempt. What it logs carries the task and trace ids.
@Component
class OrderTasks {

    static final String CONFIRM = "orders.confirm";

    private static final Logger log = LoggerFactory.getLogger(OrderTasks.class);

    @StemTask(name = CONFIRM, retryBackoff = "500ms")
    String confirm(int order, TaskContext context) {
        if (order % 2 == 1 && context.attempt() == 0) {
            log.info("Mail server busy for order {}", order);
            throw new IllegalStateException("mail server busy");
        }
        log.info("Confirmed order {}", order);
        return "order " + order + " confirmed";
    }
}
