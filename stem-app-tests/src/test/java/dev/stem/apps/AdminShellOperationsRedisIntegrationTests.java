package dev.stem.apps;

/// [AdminShellOperationsScenario] on Redis.
class AdminShellOperationsRedisIntegrationTests extends AdminShellOperationsScenario {

    @Override
    TestStore.Kind kind() {
        return TestStore.Kind.REDIS;
    }
}
