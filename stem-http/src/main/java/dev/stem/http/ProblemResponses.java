package dev.stem.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;

/// Adds the API's refusals to its OpenAPI description: the RFC 9457 problem detail as the schema
/// `Problem`, and on every operation the statuses it can answer with (see `docs/http-api.md`).
final class ProblemResponses {

    private static final String PROBLEM = "Problem";

    private ProblemResponses() {
    }

    static void addTo(OpenAPI openApi) {
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem detail (application/problem+json)")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("What was refused: the field, the value and the rule"))
                .addProperty("instance", new StringSchema())
                .addProperty("field", new StringSchema().description("JSON path of the field at fault, such as tasks[1].priority"));
        openApi.getComponents().addSchemas(PROBLEM, problem);
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                add(operation, method == PathItem.HttpMethod.POST, path.contains("/dead-letters/"),
                        path.endsWith("/tasks") || path.endsWith("/tasks/batch"))));
    }

    private static void add(Operation operation, boolean writes, boolean deadLetter, boolean enqueues) {
        Map<String, ApiResponse> refusals = new LinkedHashMap<>();
        refusals.put("400", problem("A field is missing, of the wrong JSON type, unknown, or against a rule"));
        refusals.put("401", problem("No bearer token, or one no client has")
                .addHeaderObject("WWW-Authenticate", new Header().schema(new StringSchema())));
        refusals.put("403", problem("The client lacks the " + (writes ? "write" : "read") + " scope"));
        if (deadLetter) {
            refusals.put("404", problem("No such dead letter, or one that cannot be replayed"));
        }
        if (enqueues) {
            refusals.put("413", problem("The message or the request body is over its size limit"));
        }
        refusals.put("429", problem("The client is over its rate limit")
                .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())));
        refusals.put("503", problem("The broker is unreachable; nothing was enqueued")
                .addHeaderObject("Retry-After", new Header().schema(new IntegerSchema())));
        refusals.forEach((status, response) -> operation.getResponses().putIfAbsent(status, response));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                "application/problem+json", new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }
}
