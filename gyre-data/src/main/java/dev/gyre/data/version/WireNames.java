package dev.gyre.data.version;

import dev.gyre.core.GyreException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parsing of the lower-case wire names of this package's enums. */
final class WireNames {

    private WireNames() {
    }

    /**
     * The constant whose wire name is {@code name} (case-insensitive, '-' accepted for '_').
     *
     * @throws GyreException.InvalidArgument listing the accepted names
     */
    static <E extends Enum<E>> E parse(E[] values, Function<E, String> wireName, String name, String what) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
            for (E value : values) {
                if (wireName.apply(value).equals(wanted)) {
                    return value;
                }
            }
        }
        throw new GyreException.InvalidArgument("Unknown " + what + " '" + Digests.shorten(name) + "'; use one of: "
                + Arrays.stream(values).map(wireName).collect(Collectors.joining(", ")) + ".");
    }

    /** The lower-case form of a constant's name. */
    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
