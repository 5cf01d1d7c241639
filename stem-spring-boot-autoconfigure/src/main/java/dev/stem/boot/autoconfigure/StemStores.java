package dev.stem.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/// Resolves which store backs the broker and which backs results, from `stem.broker.*` and
/// `stem.backend.*`, the same way for every auto-configuration.
///
/// - broker: `stem.broker.type`, else the scheme of `stem.broker.url`, else memory
/// - backend: `stem.backend.type`, else the scheme of `stem.backend.url`, else the broker's store
///
/// The coordination stores (schedules, locks, rate limits, revokes, events, worker registry)
/// follow the broker.
///
/// The keys are read with Boot's [Binder], as `@ConfigurationProperties` reads them: an unknown
/// type or URL scheme fails with a `BindException` naming the key, its value and origin, which
/// Boot's failure analysis reports (listing the valid types) even when the failure happens while a
/// condition is evaluated.
public final class StemStores {

    private static final BindHandler URL_SCHEME_CHECK = new BindHandler() {

        @Override
        public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
                Object result) {
            StemStoreType.fromUrl((String) result);
            return result;
        }
    };

    private StemStores() {
    }

    /// The store of the broker and of the coordination stores.
    public static StemStoreType broker(Environment environment) {
        StemStoreType type = resolve(environment, "stem.broker");
        return type != null ? type : StemStoreType.MEMORY;
    }

    /// The store of the result backend.
    public static StemStoreType backend(Environment environment) {
        StemStoreType type = resolve(environment, "stem.backend");
        return type != null ? type : broker(environment);
    }

    private static @Nullable StemStoreType resolve(Environment environment, String prefix) {
        Binder binder = Binder.get(environment);
        StemStoreType type = binder.bind(prefix + ".type", StemStoreType.class).orElse(null);
        if (type != null) {
            return type;
        }
        return StemStoreType.fromUrl(binder.bind(prefix + ".url", Bindable.of(String.class), URL_SCHEME_CHECK)
                .orElse(null));
    }
}
