package dev.stem.security;

import java.util.List;
import java.util.Objects;

import dev.stem.broker.ReplayRefusedException;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.MessageRejectedException;
import dev.stem.middleware.RepublishInterceptor;

/// The hook a process replays dead letters through: its [RepublishInterceptor]s in their order,
/// then a refusal of every signed dead letter that none of them signed again. A process without
/// the signing keys would otherwise publish a message whose signature no longer matches its
/// `attempt` and `maxRetries`, only to have it dead-lettered `signature-invalid` again. A dead
/// letter whose own signature does not hold (tampered with, or signed with a retired key) is
/// refused too, instead of being signed again. A refusal is a [ReplayRefusedException]; the dead
/// letter stays where it is.
public final class ReplayGuard {

    private ReplayGuard() {
    }

    /// `interceptors`, then the refusal of a signed message they left with its old signature.
    public static RepublishInterceptor around(List<RepublishInterceptor> interceptors) {
        RepublishInterceptor chain = RepublishInterceptor.chain(interceptors);
        return (stored, next) -> {
            Envelope replayed;
            try {
                replayed = chain.beforeRepublish(stored, next);
            }
            catch (MessageRejectedException ex) {
                throw new ReplayRefusedException(stored.id(), "Dead letter " + stored.id() + " of queue '"
                        + stored.queue() + "' is not replayed and stays in the dead letters: " + ex.getMessage());
            }
            String signature = stored.headers().get(SignedContent.SIGNATURE_HEADER);
            if (signature != null && !replayed.equals(stored)
                    && Objects.equals(signature, replayed.headers().get(SignedContent.SIGNATURE_HEADER))) {
                throw new ReplayRefusedException(stored.id(), "Dead letter " + stored.id() + " of queue '"
                        + stored.queue() + "' (task '" + stored.task() + "') is signed ("
                        + SignedContent.SIGNATURE_HEADER + " header) and this process holds no signing keys to sign "
                        + "its next attempt, which would only be dead-lettered signature-invalid; it is not replayed "
                        + "and stays in the dead letters. Replay it from a process with stem.security.signing.active-key "
                        + "and stem.security.signing.keys set.");
            }
            return replayed;
        };
    }
}
