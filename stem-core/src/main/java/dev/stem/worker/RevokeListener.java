package dev.stem.worker;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.client.Cancellation;
import dev.stem.control.StemEvent;

/// Applies [StemEvent#TASK_REVOKED] events to the messages a worker holds: one not started yet is
/// dropped unrun (it ends `REVOKED`), one running is interrupted when the event says `terminate`.
/// Messages fetched later are checked against the revoke store at fetch, so this only covers those
/// already held.
final class RevokeListener implements Consumer<StemEvent> {

    private static final Logger log = LoggerFactory.getLogger(RevokeListener.class);

    private final Collection<InFlightTask> held;

    /// A listener over the live view `held` of the worker's held messages.
    RevokeListener(Collection<InFlightTask> held) {
        this.held = held;
    }

    @Override
    public void accept(StemEvent event) {
        if (!StemEvent.TASK_REVOKED.equals(event.type())
                || !(event.data().get(Cancellation.TASK_IDS) instanceof List<?> ids)) {
            return;
        }
        Set<String> revoked = new HashSet<>();
        ids.forEach(id -> revoked.add(String.valueOf(id)));
        boolean terminate = Boolean.TRUE.equals(event.data().get(Cancellation.TERMINATE));
        for (InFlightTask task : this.held) {
            if (revoked.contains(task.delivery().id()) && !task.isHandlerDone()) {
                log.info("Message {} (task '{}') was revoked{}", task.delivery().id(),
                        task.delivery().envelope().task(), terminate ? "; interrupting it" : "");
                task.revoke(terminate);
            }
        }
    }
}
