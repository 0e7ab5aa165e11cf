package io.kvsync.store.memory;

import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Gives each entry the lifetime it was written with. Both creation and update read the entry's own
 * deadline, so that an entry put back unchanged (a write the version rule rejected) keeps it, and a
 * replacing write takes the new entry's deadline, including "never".
 */
final class EntryExpiry implements Expiry<String, StoredEntry> {

    @Override
    public long expireAfterCreate(String key, StoredEntry entry, long currentTime) {
        return entry.nanosUntilExpiry(currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, StoredEntry entry, long currentTime, long currentDuration) {
        return entry.nanosUntilExpiry(currentTime);
    }

    @Override
    public long expireAfterRead(String key, StoredEntry entry, long currentTime, long currentDuration) {
        return currentDuration;
    }
}
