package io.q2o.llm.cache;

import io.q2o.llm.internal.Folders;
import io.q2o.llm.spi.CacheTier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A cache tier in a folder ({@code Q2O_LLM_CACHE_DIR}, default {@code .llm_cache}): one file per
 * key, {@code <key>.llm}, holding an 8-byte expiry (epoch milliseconds, from the injected clock)
 * and the serialized answer. Survives restarts; honours the TTL; bounded in bytes (the least
 * recently used files are removed when the folder grows past the bound); writes are atomic
 * (temporary file, then an atomic rename), so two processes on one machine may share the folder —
 * a reader sees a whole old or a whole new entry. A corrupt, truncated or foreign file is a miss
 * plus a warning, never an exception. Thread-safe.
 */
public final class DiskCacheTier implements CacheTier {
    private static final Logger log = LoggerFactory.getLogger(DiskCacheTier.class);
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");
    private static final String SUFFIX = ".llm";

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    private final AtomicLong approxBytes = new AtomicLong();

    /**
     * @param dir      the folder, created if missing
     * @param maxBytes the bound on the folder's total size, &gt; 0
     * @param clock    the time source for expiry
     * @throws io.q2o.llm.ConfigException naming {@code Q2O_LLM_CACHE_DIR} if the folder cannot be created
     */
    public DiskCacheTier(Path dir, long maxBytes, Clock clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        Folders.create(dir, "Q2O_LLM_CACHE_DIR", "cache folder");
        approxBytes.set(scan().stream().mapToLong(f -> f.size).sum());
    }

    private Path file(String key) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("not a cache key: " + key);
        }
        return dir.resolve(key + SUFFIX);
    }

    @Override
    public Optional<byte[]> get(String key) {
        Path f = file(key);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            log.warn("Cache file {} is unreadable, treating it as a miss: {}", f, e.toString());
            return Optional.empty();
        }
        if (all.length < Long.BYTES) {
            log.warn("Cache file {} is truncated, treating it as a miss", f);
            delete(f);
            return Optional.empty();
        }
        long expires = ByteBuffer.wrap(all, 0, Long.BYTES).getLong();
        if (clock.millis() >= expires) {
            delete(f);
            return Optional.empty();
        }
        try {
            Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException ignored) {
            // recency is a hint for eviction only
        }
        byte[] value = new byte[all.length - Long.BYTES];
        System.arraycopy(all, Long.BYTES, value, 0, value.length);
        return Optional.of(value);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        Path target = file(key);
        Path tmp = dir.resolve("." + key + "." + UUID.randomUUID() + ".tmp");
        ByteBuffer buf = ByteBuffer.allocate(Long.BYTES + value.length);
        buf.putLong(clock.millis() + ttl.toMillis()).put(value);
        try {
            Files.write(tmp, buf.array());
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (approxBytes.addAndGet(buf.capacity()) > maxBytes) {
                evict();
            }
        } catch (IOException e) {
            log.warn("Cannot write cache file {}: {}", target, e.toString());
            delete(tmp);
        }
    }

    private record Entry(Path path, long size, long modified) {
    }

    private List<Entry> scan() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path p : ds) {
                try {
                    out.add(new Entry(p, Files.size(p), Files.getLastModifiedTime(p).toMillis()));
                } catch (IOException e) {
                    // removed meanwhile by another process
                }
            }
        } catch (IOException e) {
            log.warn("Cannot list cache folder {}: {}", dir, e.toString());
        }
        return out;
    }

    private synchronized void evict() {
        List<Entry> entries = scan();
        long total = entries.stream().mapToLong(Entry::size).sum();
        long target = maxBytes - maxBytes / 10;
        entries.sort(Comparator.comparingLong(Entry::modified));
        for (Entry e : entries) {
            if (total <= target) {
                break;
            }
            if (delete(e.path())) {
                total -= e.size();
            }
        }
        approxBytes.set(total);
    }

    private static boolean delete(Path p) {
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the folder's current total size of entries in bytes (scans the folder) */
    public long sizeInBytes() {
        return scan().stream().mapToLong(Entry::size).sum();
    }

    /** @return a summary naming the folder */
    @Override
    public String toString() {
        return "DiskCacheTier{dir=" + dir + ", maxBytes=" + maxBytes + "}";
    }
}
