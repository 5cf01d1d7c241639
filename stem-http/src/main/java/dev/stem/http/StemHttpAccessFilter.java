package dev.stem.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.RateLimiter;

/// Guards every request to the API, in this order:
///
/// 1. **Who**: with `stem.http.auth=tokens` (the default) the request must carry
///    `Authorization: Bearer <token>` with the token of a configured client, compared in constant
///    time; otherwise 401 with `WWW-Authenticate: Bearer`. With no client configured nobody gets in.
/// 2. **May it**: `GET` needs the client's `read` scope, every other method `write`; otherwise 403.
/// 3. **How often**: the client's rate limit (or `stem.http.rate-limit`), taken from Stem's own
///    [RateLimiter] under the key `http:<client>` (shared by every instance on the same store);
///    past it, 429 with `Retry-After`.
/// 4. **How big**: a body declared larger than `stem.http.max-request-size` gets 413 unread; a
///    body sent without a length (chunked) is read up to that size, and gets 413 past it.
///
/// Every refusal is a problem detail. A client without a token of at least [#MIN_TOKEN_LENGTH]
/// characters, with an unknown scope or an unreadable rate limit fails the start, naming the property.
public class StemHttpAccessFilter extends OncePerRequestFilter {

    /// The scope that reads.
    public static final String READ = "read";

    /// The scope that enqueues, cancels and replays.
    public static final String WRITE = "write";

    /// The shortest token a client may have.
    public static final int MIN_TOKEN_LENGTH = 16;

    private final StemHttpProperties properties;

    private final RateLimiter rateLimiter;

    private final JsonMapper mapper;

    private final Map<String, RateLimit> limits = new LinkedHashMap<>();

    private final @Nullable RateLimit defaultLimit;

    public StemHttpAccessFilter(StemHttpProperties properties, RateLimiter rateLimiter, JsonMapper mapper) {
        this.properties = properties;
        this.rateLimiter = rateLimiter;
        this.mapper = mapper;
        this.defaultLimit = rateLimit("stem.http.rate-limit", properties.getRateLimit());
        properties.getClients().forEach((name, client) -> {
            String property = "stem.http.clients." + name;
            String token = client.getToken();
            if (token == null || token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalStateException(property + ".token must be set to a secret of at least "
                        + MIN_TOKEN_LENGTH + " characters (for example openssl rand -hex 32), was "
                        + (token == null ? "not set" : token.length() + " characters"));
            }
            for (String scope : client.getScopes()) {
                if (!READ.equals(scope) && !WRITE.equals(scope)) {
                    throw new IllegalStateException("Invalid " + property + ".scopes '" + scope
                            + "': the scopes are read and write");
                }
            }
            RateLimit limit = rateLimit(property + ".rate-limit", client.getRateLimit());
            if (limit != null) {
                this.limits.put(name, limit);
            }
        });
    }

    private static @Nullable RateLimit rateLimit(String property, @Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return RateLimit.parse(text);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException("Invalid " + property + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client;
        if (this.properties.getAuth() == StemHttpProperties.Auth.NONE) {
            client = "anonymous";
        }
        else {
            client = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
            if (client == null) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"stem\"");
                refuse(response, HttpStatus.UNAUTHORIZED, "A bearer token of a configured client is required "
                        + "(Authorization: Bearer <token>)");
                return;
            }
            String scope = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? READ : WRITE;
            if (!this.properties.getClients().get(client).getScopes().contains(scope)) {
                refuse(response, HttpStatus.FORBIDDEN, "Client '" + client + "' lacks the " + scope + " scope needed for "
                        + request.getMethod() + " " + request.getRequestURI());
                return;
            }
        }
        RateLimit limit = this.limits.getOrDefault(client, this.defaultLimit);
        if (limit != null) {
            RateLimitDecision decision = this.rateLimiter.tryAcquire("http:" + client, limit);
            if (!decision.granted()) {
                long seconds = Math.max(1, (decision.retryAfter().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
                refuse(response, HttpStatus.TOO_MANY_REQUESTS, "Client '" + client + "' is over its rate limit of "
                        + limit.permits() + " requests per " + limit.period() + "; retry after " + seconds + " s");
                return;
            }
        }
        long max = this.properties.getMaxRequestSize().toBytes();
        long length = request.getContentLengthLong();
        if (length > max) {
            refuse(response, HttpStatus.CONTENT_TOO_LARGE, "Invalid body '" + length
                    + " bytes': requests are at most " + max + " bytes (stem.http.max-request-size)", "body");
            return;
        }
        chain.doFilter(length < 0 ? new BoundedBodyRequest(request, max) : request, response);
    }

    /// The name of the client whose token `authorization` carries, or `null`.
    private @Nullable String authenticate(@Nullable String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, StemHttpProperties.Client> client : this.properties.getClients().entrySet()) {
            String token = client.getValue().getToken();
            if (token != null && !token.isEmpty()
                    && MessageDigest.isEqual(presented, token.getBytes(StandardCharsets.UTF_8))) {
                found = client.getKey();
            }
        }
        return found;
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        refuse(response, status, detail, null);
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail, @Nullable String field)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(this.mapper.writeValueAsBytes(problem));
    }
}
