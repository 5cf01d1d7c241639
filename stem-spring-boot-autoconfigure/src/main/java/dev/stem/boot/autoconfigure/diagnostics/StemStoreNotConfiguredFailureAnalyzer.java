package dev.stem.boot.autoconfigure.diagnostics;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/// Explains a [StemStoreNotConfiguredException] wherever it sits in the startup failure's cause
/// chain (usually inside a `BeanCreationException`): which property selected which store, and the
/// three ways out (add the adapter, define the bean, or run in memory).
class StemStoreNotConfiguredFailureAnalyzer extends AbstractFailureAnalyzer<StemStoreNotConfiguredException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StemStoreNotConfiguredException cause) {
        String part = cause.getPart();
        String store = cause.getType().name().toLowerCase(Locale.ROOT);
        String bean = "broker".equals(part) ? "dev.stem.broker.Broker" : "dev.stem.backend.ResultBackend";
        String description = "Stem's " + part + " is set to " + store + " (by stem." + part
                + ".type or the scheme of stem." + part + ".url), but no " + store + " " + part
                + " was configured, so there is no " + bean + " bean.";
        String action = "Do one of the following:\n"
                + "\t- add " + cause.getModules() + " to the application's dependencies so that Stem's "
                + store + " auto-configuration provides it\n"
                + "\t- define your own " + bean + " bean\n"
                + "\t- remove stem." + part + ".type and stem." + part + ".url to run in memory "
                + "(nothing is durable or shared between processes)";
        return new FailureAnalysis(description, action, cause);
    }
}
