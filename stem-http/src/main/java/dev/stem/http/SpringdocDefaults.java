package dev.stem.http;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/// Keeps springdoc, which `stem-http` brings in, from serving anything the user did not ask for:
/// unless set elsewhere, `springdoc.api-docs.enabled` follows `stem.http.enabled` (off by default).
/// The default sits last among the property sources, so any setting of the application wins.
public class SpringdocDefaults implements EnvironmentPostProcessor {

    /// The name of the property source that holds the default.
    public static final String SOURCE = "stemHttpSpringdocDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE,
                Map.of("springdoc.api-docs.enabled", "${stem.http.enabled:false}")));
    }
}
