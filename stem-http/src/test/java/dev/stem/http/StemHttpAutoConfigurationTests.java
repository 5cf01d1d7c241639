package dev.stem.http;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/// The API is off unless `stem.http.enabled=true`, only in a servlet web application, and its
/// filter and OpenAPI group back off for beans of the user's.
class StemHttpAutoConfigurationTests {

    private final WebApplicationContextRunner web = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemHttpAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false");

    @Test
    void isOffByDefault() {
        this.web.run(context -> assertThat(context).doesNotHaveBean(StemTasksController.class)
                .doesNotHaveBean(StemHttpAccessFilter.class).doesNotHaveBean(StemHttpProperties.class));
    }

    @Test
    void isOnWithTheProperty() {
        this.web.withPropertyValues("stem.http.enabled=true").run(context -> assertThat(context)
                .hasSingleBean(StemTasksController.class).hasSingleBean(StemQueuesController.class)
                .hasBean("stemHttpAccessFilter").hasBean("stemOpenApi"));
    }

    @Test
    void backsOffForTheUsersAccessFilter() {
        this.web.withPropertyValues("stem.http.enabled=true")
                .withBean("stemHttpAccessFilter", FilterRegistrationBean.class, FilterRegistrationBean::new)
                .run(context -> assertThat(context.getBean("stemHttpAccessFilter", FilterRegistrationBean.class)
                        .getFilter()).isNull());
    }

    @Test
    void isOffOutsideAWebApplication() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                        StemHttpAutoConfiguration.class))
                .withPropertyValues("stem.http.enabled=true", "stem.worker.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(StemTasksController.class));
    }

    @Test
    void isOffWithoutSpringMvc() {
        this.web.withPropertyValues("stem.http.enabled=true")
                .withClassLoader(new FilteredClassLoader(FilterRegistrationBean.class))
                .run(context -> assertThat(context).doesNotHaveBean(StemTasksController.class));
    }

    @Test
    void aClientWithoutAProperTokenOrWithAnUnknownScopeFailsTheStartNamingTheProperty() {
        this.web.withPropertyValues("stem.http.enabled=true", "stem.http.clients.billing.token=short")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("stem.http.clients.billing.token"));
        this.web.withPropertyValues("stem.http.enabled=true", "stem.http.clients.billing.token=0123456789abcdef0",
                "stem.http.clients.billing.scopes=read,admin")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("stem.http.clients.billing.scopes 'admin'"));
        this.web.withPropertyValues("stem.http.enabled=true", "stem.http.rate-limit=often")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("stem.http.rate-limit"));
    }
}
