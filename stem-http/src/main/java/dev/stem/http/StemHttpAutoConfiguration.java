package dev.stem.http;

import java.time.Clock;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.control.RateLimiter;

/// Serves the HTTP API when `stem.http.enabled=true` in a servlet web application that has a Stem
/// client: the controllers, their problem details, the access filter on `stem.http.base-path`, and
/// an OpenAPI group `stem` (served by springdoc at `/v3/api-docs/stem`). Off by default; nothing is
/// open beyond what the properties enable.
@AutoConfiguration(after = StemAutoConfiguration.class)
@ConditionalOnClass({ Stem.class, FilterRegistrationBean.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty("stem.http.enabled")
@ConditionalOnBean(Stem.class)
@EnableConfigurationProperties(StemHttpProperties.class)
@Import({ StemTasksController.class, StemQueuesController.class, StemHttpProblems.class })
public final class StemHttpAutoConfiguration {

    /// The name of the OpenAPI group that describes the API.
    public static final String OPENAPI_GROUP = "stem";

    @Bean
    TaskRequestReader stemTaskRequestReader() {
        return new TaskRequestReader(Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean(name = "stemHttpAccessFilter")
    FilterRegistrationBean<StemHttpAccessFilter> stemHttpAccessFilter(StemHttpProperties properties,
            RateLimiter rateLimiter, JsonMapper mapper) {
        FilterRegistrationBean<StemHttpAccessFilter> registration = new FilterRegistrationBean<>(
                new StemHttpAccessFilter(properties, rateLimiter, mapper));
        registration.addUrlPatterns(properties.getBasePath() + "/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(name = "stemOpenApi")
    GroupedOpenApi stemOpenApi(StemHttpProperties properties) {
        return GroupedOpenApi.builder()
                .group(OPENAPI_GROUP)
                .displayName("Stem HTTP API")
                .pathsToMatch(properties.getBasePath() + "/**")
                .addOpenApiCustomizer(openApi -> {
                    openApi.getInfo().title("Stem HTTP API").version("1")
                            .description("Enqueue tasks and follow them from any language. See docs/http-api.md.");
                    openApi.setServers(null);
                    openApi.components(openApi.getComponents() != null ? openApi.getComponents() : new Components());
                    openApi.getComponents().addSecuritySchemes("bearer",
                            new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"));
                    openApi.addSecurityItem(new SecurityRequirement().addList("bearer"));
                    ProblemResponses.addTo(openApi);
                })
                .build();
    }
}
