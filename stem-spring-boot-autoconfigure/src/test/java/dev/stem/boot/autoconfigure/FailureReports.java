package dev.stem.boot.autoconfigure;

import java.util.List;

import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/// What Spring Boot prints under "APPLICATION FAILED TO START" for a startup failure: the first
/// analysis of the failure analyzers registered in `META-INF/spring.factories` (Boot's and
/// Stem's), in their order, as `SpringApplication` picks it (skipping, as it does, the analyzers
/// whose classes are missing here).
public final class FailureReports {

    private FailureReports() {
    }

    /// The description and the action Boot reports for `failure`.
    public static String of(Throwable failure) {
        ArgumentResolver arguments = ArgumentResolver.of(BeanFactory.class, new DefaultListableBeanFactory())
                .and(Environment.class, new StandardEnvironment());
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(FailureAnalyzer.class, arguments,
                        FailureHandler.logging(LogFactory.getLog(FailureReports.class)));
        AnnotationAwareOrderComparator.sort(analyzers);
        for (FailureAnalyzer analyzer : analyzers) {
            FailureAnalysis analysis = analyzer.analyze(failure);
            if (analysis != null) {
                return "Description:\n" + analysis.getDescription() + "\nAction:\n" + analysis.getAction();
            }
        }
        throw new AssertionError("No failure analyzer reports " + failure, failure);
    }
}
