package io.kvsync.tck;

import io.kvsync.spi.LazyLoadGuard;
import io.kvsync.tck.fixtures.LazyFixtures;

/**
 * The lazy-load guard that {@link MarshalerContract} tests marshalers with: it knows only the stand-in
 * proxies of {@link LazyFixtures}, so registering it (as this jar does, in {@code META-INF/services})
 * changes nothing for any other value.
 */
public final class TckLazyLoadGuard implements LazyLoadGuard {

    @Override
    public boolean isUnloaded(Object value) {
        return value instanceof LazyFixtures.UnloadedCustomer || value instanceof LazyFixtures.UnloadedList;
    }

    @Override
    public Object unproxy(Object value) {
        return value instanceof LazyFixtures.LoadedProxy proxy ? proxy.target : value;
    }
}
