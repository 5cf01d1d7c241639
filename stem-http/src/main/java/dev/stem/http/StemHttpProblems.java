package dev.stem.http;

import java.util.NoSuchElementException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.client.ResultDecryptionException;

/// Turns every refusal of the API into an RFC 9457 problem detail (`application/problem+json`):
/// a refused field names itself in the `field` property and, with its value and rule, in `detail`;
/// an unreachable or full broker is a 503 with `Retry-After`; anything else a logged 500; Spring MVC's own errors (unreadable JSON, a
/// wrong media type, a bad query parameter) keep their status with a detail of their own.
@RestControllerAdvice(assignableTypes = { StemTasksController.class, StemQueuesController.class })
public class StemHttpProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(StemHttpProblems.class);

    private final StemHttpProperties properties;

    public StemHttpProblems(StemHttpProperties properties) {
        this.properties = properties;
    }

    /// A refused field: its status, the field, the value and the rule.
    @ExceptionHandler(RequestFieldException.class)
    ResponseEntity<ProblemDetail> refused(RequestFieldException ex) {
        return ResponseEntity.status(ex.status()).body(problem(ex.status(), ex.getMessage(), ex.field()));
    }

    /// An unknown task id, queue or dead letter.
    @ExceptionHandler(NoSuchElementException.class)
    ResponseEntity<ProblemDetail> notFound(NoSuchElementException ex) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem(HttpStatus.NOT_FOUND, ex.getMessage(), null));
    }

    /// A dead letter this application must not replay (signed, without the keys to sign it again): it stays.
    @ExceptionHandler(ReplayRefusedException.class)
    ResponseEntity<ProblemDetail> replayRefused(ReplayRefusedException ex) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem(HttpStatus.CONFLICT, ex.getMessage(), null));
    }

    /// The broker did not answer within its timeout: nothing was enqueued, try again later.
    @ExceptionHandler(BrokerUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(BrokerUnavailableException ex) {
        return serviceUnavailable("The broker is unreachable: " + ex.getMessage());
    }

    /// The broker refused the write for lack of room (Redis at `maxmemory`): nothing was enqueued.
    @ExceptionHandler(BrokerFullException.class)
    ResponseEntity<ProblemDetail> full(BrokerFullException ex) {
        return serviceUnavailable("The broker is full: " + ex.getMessage());
    }

    /// A stored result that does not decrypt: 500, naming the task and the key (never the value).
    @ExceptionHandler(ResultDecryptionException.class)
    ResponseEntity<ProblemDetail> undecryptable(ResultDecryptionException ex) {
        log.error(ex.getMessage());
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, ex.getMessage(), null));
    }

    /// Anything else (a result store that cannot be reached, a bug): 500, logged with its stack
    /// trace, without internals in the answer.
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> failed(RuntimeException ex) {
        log.error("The HTTP API failed to answer", ex);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request failed on the server (" + ex.getClass().getSimpleName() + "); see its log", null));
    }

    private ResponseEntity<ProblemDetail> serviceUnavailable(String why) {
        log.warn("Answered 503: {}", why);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, this.properties.getRetryAfter().toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, why + ". Nothing was enqueued; try again after "
                        + "Retry-After seconds", null));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedBodyRequest.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage(), "body"));
            }
        }
        Throwable cause = ex.getMostSpecificCause();
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(problem(HttpStatus.BAD_REQUEST,
                "The request body is not a JSON document: " + cause.getMessage(), "body"));
    }

    static ProblemDetail problem(HttpStatusCode status, @Nullable String detail, @Nullable String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail != null ? detail : "");
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }
}
