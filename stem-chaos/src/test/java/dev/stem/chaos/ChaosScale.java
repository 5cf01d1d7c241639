package dev.stem.chaos;

/// How big a chaos run is: `ci` (the default, the whole suite well under 10 minutes on two cores)
/// or `soak` (`-Dstem.chaos.scale=soak`, by hand), from the `stem.chaos.scale` system property.
///
/// @param tasks tasks per scenario
/// @param taskMillis how long each task sleeps: long enough that two workers are still busy when a
///        fault strikes a quarter of the way through
record ChaosScale(String name, int tasks, int taskMillis) {

    static ChaosScale current() {
        return "soak".equals(System.getProperty("stem.chaos.scale")) ? new ChaosScale("soak", 20_000, 20)
                : new ChaosScale("ci", 600, 100);
    }
}
