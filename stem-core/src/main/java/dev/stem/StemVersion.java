package dev.stem;

import dev.stem.control.WorkerInfo;

/// The version of Stem on the class path, as its jar's manifest states it.
public final class StemVersion {

    private StemVersion() {
    }

    /// The `Implementation-Version` of the stem-core jar, or [WorkerInfo#UNKNOWN_VERSION] when Stem
    /// runs from classes that are not in a jar (an IDE, a test).
    public static String current() {
        String version = StemVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : WorkerInfo.UNKNOWN_VERSION;
    }
}
