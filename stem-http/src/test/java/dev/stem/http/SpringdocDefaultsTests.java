package dev.stem.http;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/// springdoc serves API docs only where the HTTP API is on, unless the application says otherwise.
class SpringdocDefaultsTests {

    @Test
    void apiDocsFollowTheHttpApiSwitchUnlessSetElsewhere() {
        assertThat(springdocEnabled(Map.of())).isEqualTo("false");
        assertThat(springdocEnabled(Map.of("stem.http.enabled", "true"))).isEqualTo("true");
        assertThat(springdocEnabled(Map.of("springdoc.api-docs.enabled", "true"))).isEqualTo("true");
        assertThat(springdocEnabled(Map.of("stem.http.enabled", "true", "springdoc.api-docs.enabled", "false")))
                .isEqualTo("false");
    }

    private static String springdocEnabled(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application", properties));
        new SpringdocDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("springdoc.api-docs.enabled");
    }
}
