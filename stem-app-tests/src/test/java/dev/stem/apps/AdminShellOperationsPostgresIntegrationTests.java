package dev.stem.apps;

/// [AdminShellOperationsScenario] on PostgreSQL.
class AdminShellOperationsPostgresIntegrationTests extends AdminShellOperationsScenario {

    @Override
    TestStore.Kind kind() {
        return TestStore.Kind.POSTGRES;
    }
}
