package io.kvsync.marshal.bson.internal;

import org.bson.BsonBinaryWriter;
import org.bson.BsonType;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * {@code java.time} values with full nanosecond precision (BSON's own datetime holds milliseconds).
 *
 * <p>Instants, durations and local date-times are a count of nanoseconds from the epoch (or zero) in
 * one INT64 when they fit (years 1677 to 2262), else a document {@code {s: seconds, n: nanos}}. A
 * local date is its epoch day, a local time its nanosecond of the day. Offset and zoned date-times
 * are documents {@code {t: local date-time, o: offset seconds, z: zone id}}, so that a zoned value
 * keeps its region (Europe/Paris, not just +01:00) and reads back equal.
 */
final class TimeCodecs {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** The seconds range in which seconds * 1e9 + nanos fits a long. */
    private static final long MIN_COMPACT_SECONDS = Long.MIN_VALUE / NANOS_PER_SECOND;
    private static final long MAX_COMPACT_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND - 1;

    static final Codec<Instant> INSTANT = new Codec<>() {
        @Override
        public void encode(Instant value, EncodeContext out) {
            writeSecondsNanos(out.writer, value.getEpochSecond(), value.getNano());
        }

        @Override
        public Instant decode(DecodeContext in) {
            if (in.type() == BsonType.DATE_TIME) {
                return Instant.ofEpochMilli(in.reader.readDateTime());
            }
            long[] secondsNanos = readSecondsNanos(in);
            return Instant.ofEpochSecond(secondsNanos[0], secondsNanos[1]);
        }
    };

    static final Codec<Duration> DURATION = new Codec<>() {
        @Override
        public void encode(Duration value, EncodeContext out) {
            writeSecondsNanos(out.writer, value.getSeconds(), value.getNano());
        }

        @Override
        public Duration decode(DecodeContext in) {
            long[] secondsNanos = readSecondsNanos(in);
            return Duration.ofSeconds(secondsNanos[0], secondsNanos[1]);
        }
    };

    static final Codec<LocalDateTime> LOCAL_DATE_TIME = new Codec<>() {
        @Override
        public void encode(LocalDateTime value, EncodeContext out) {
            writeLocalDateTime(out.writer, value);
        }

        @Override
        public LocalDateTime decode(DecodeContext in) {
            return readLocalDateTime(in);
        }
    };

    static final Codec<LocalDate> LOCAL_DATE = new Codec<>() {
        @Override
        public void encode(LocalDate value, EncodeContext out) {
            long day = value.toEpochDay();
            if (day == (int) day) {
                out.writer.writeInt32((int) day);
            } else {
                out.writer.writeInt64(day);
            }
        }

        @Override
        public LocalDate decode(DecodeContext in) {
            return LocalDate.ofEpochDay(NumberCodecs.readIntegral(in));
        }
    };

    static final Codec<LocalTime> LOCAL_TIME = new Codec<>() {
        @Override
        public void encode(LocalTime value, EncodeContext out) {
            out.writer.writeInt64(value.toNanoOfDay());
        }

        @Override
        public LocalTime decode(DecodeContext in) {
            return LocalTime.ofNanoOfDay(NumberCodecs.readIntegral(in));
        }
    };

    static final Codec<OffsetDateTime> OFFSET_DATE_TIME = new Codec<>() {
        @Override
        public void encode(OffsetDateTime value, EncodeContext out) {
            writeZoned(out.writer, value.toLocalDateTime(), value.getOffset(), null);
        }

        @Override
        public OffsetDateTime decode(DecodeContext in) {
            Zoned zoned = readZoned(in);
            return OffsetDateTime.of(zoned.local, zoned.offset);
        }
    };

    static final Codec<ZonedDateTime> ZONED_DATE_TIME = new Codec<>() {
        @Override
        public void encode(ZonedDateTime value, EncodeContext out) {
            writeZoned(out.writer, value.toLocalDateTime(), value.getOffset(), value.getZone());
        }

        @Override
        public ZonedDateTime decode(DecodeContext in) {
            Zoned zoned = readZoned(in);
            ZoneId zone = zoned.zone == null ? zoned.offset : zoned.zone;
            // The offset is preferred: in an autumn overlap it tells which of the two instants was meant.
            return ZonedDateTime.ofLocal(zoned.local, zone, zoned.offset);
        }
    };

    private TimeCodecs() {
    }

    private static void writeSecondsNanos(BsonBinaryWriter writer, long seconds, int nanos) {
        if (seconds >= MIN_COMPACT_SECONDS && seconds <= MAX_COMPACT_SECONDS) {
            writer.writeInt64(seconds * NANOS_PER_SECOND + nanos);
        } else {
            writer.writeStartDocument();
            writer.writeInt64("s", seconds);
            writer.writeInt32("n", nanos);
            writer.writeEndDocument();
        }
    }

    /** {seconds, nanos of the second}, from either form {@link #writeSecondsNanos} writes. */
    private static long[] readSecondsNanos(DecodeContext in) {
        if (in.type() == BsonType.INT64) {
            long total = in.reader.readInt64();
            return new long[] {Math.floorDiv(total, NANOS_PER_SECOND), Math.floorMod(total, NANOS_PER_SECOND)};
        }
        if (in.type() != BsonType.DOCUMENT) {
            throw in.mismatch("INT64 nanoseconds or a {s, n} document");
        }
        long[] secondsNanos = new long[2];
        in.reader.readStartDocument();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = in.reader.readName();
            if (name.equals("s")) {
                secondsNanos[0] = NumberCodecs.readIntegral(in);
            } else if (name.equals("n")) {
                secondsNanos[1] = NumberCodecs.readIntegral(in);
            } else {
                in.reader.skipValue();
            }
        }
        in.reader.readEndDocument();
        return secondsNanos;
    }

    private static void writeLocalDateTime(BsonBinaryWriter writer, LocalDateTime value) {
        writeSecondsNanos(writer, value.toEpochSecond(ZoneOffset.UTC), value.getNano());
    }

    private static LocalDateTime readLocalDateTime(DecodeContext in) {
        long[] secondsNanos = readSecondsNanos(in);
        return LocalDateTime.ofEpochSecond(secondsNanos[0], Math.toIntExact(secondsNanos[1]), ZoneOffset.UTC);
    }

    private static void writeZoned(BsonBinaryWriter writer, LocalDateTime local, ZoneOffset offset, ZoneId zone) {
        writer.writeStartDocument();
        writer.writeName("t");
        writeLocalDateTime(writer, local);
        writer.writeInt32("o", offset.getTotalSeconds());
        if (zone != null && !zone.equals(offset)) {
            writer.writeString("z", zone.getId());
        }
        writer.writeEndDocument();
    }

    private static Zoned readZoned(DecodeContext in) {
        in.expect(BsonType.DOCUMENT);
        LocalDateTime local = null;
        ZoneOffset offset = null;
        ZoneId zone = null;
        in.reader.readStartDocument();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            switch (in.reader.readName()) {
                case "t" -> local = readLocalDateTime(in);
                case "o" -> offset = ZoneOffset.ofTotalSeconds(Math.toIntExact(NumberCodecs.readIntegral(in)));
                case "z" -> zone = ZoneId.of(TextCodecs.STRING.decode(in));
                default -> in.reader.skipValue();
            }
        }
        in.reader.readEndDocument();
        if (local == null || offset == null) {
            throw new MarshalFailure("a date-time with offset needs both 't' and 'o'");
        }
        return new Zoned(local, offset, zone);
    }

    private record Zoned(LocalDateTime local, ZoneOffset offset, ZoneId zone) {
    }
}
