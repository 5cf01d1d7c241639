package dev.stem.samples.otel;

import java.util.Map;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.stem.Stem;

/// `POST /checkout?order=42`: enqueues the order's confirmation and answers its task id. The
/// request's span is the parent of the publish span, and so of every attempt of the task.
@RestController
class CheckoutController {

    private final Stem stem;

    CheckoutController(Stem stem) {
        this.stem = stem;
    }

    @PostMapping("/checkout")
    Map<String, String> checkout(@RequestParam int order) {
        return Map.of("taskId", this.stem.enqueue(OrderTasks.CONFIRM, Map.of("order", order)).id());
    }
}
