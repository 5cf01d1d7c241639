package dev.stem.chaos;

/// The shared test servers: `STEM_TEST_REDIS_URL` and `STEM_TEST_POSTGRES_URL` as `.ci/run`
/// exports them, else the servers on their default local ports.
final class ChaosServers {

    private ChaosServers() {
    }

    static String redisUrl() {
        String url = System.getenv("STEM_TEST_REDIS_URL");
        return url == null || url.isBlank() ? "redis://127.0.0.1:6379" : url.trim();
    }

    static String postgresUrl() {
        String url = System.getenv("STEM_TEST_POSTGRES_URL");
        return url == null || url.isBlank() ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres" : url.trim();
    }
}
