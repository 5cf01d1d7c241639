package dev.stem.boot.autoconfigure.actuate;

import org.springframework.boot.context.properties.ConfigurationProperties;

/// `stem.actuator.*`: what the `stem` Actuator endpoint shows.
@ConfigurationProperties("stem.actuator")
public class StemActuatorProperties {

    /// Whether the endpoint shows task args and raw dead-letter payloads (redacted as `******` by default).
    private boolean showArgs = false;

    public boolean isShowArgs() {
        return this.showArgs;
    }

    public void setShowArgs(boolean showArgs) {
        this.showArgs = showArgs;
    }
}
