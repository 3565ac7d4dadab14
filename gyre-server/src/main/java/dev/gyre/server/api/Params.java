package dev.gyre.server.api;

import dev.gyre.core.GyreException;

/** Query and path parameters of the native API, parsed with a 400 that names the parameter. */
final class Params {

    private Params() {
    }

    static int positiveInt(String name, String value) {
        int parsed;
        try {
            parsed = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("'" + name + "' must be a whole number, got '" + value + "'.");
        }
        if (parsed < 1) {
            throw new GyreException.InvalidArgument("'" + name + "' must be 1 or more, got " + parsed + ".");
        }
        return parsed;
    }

    static long nonNegativeLong(String name, String value) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new GyreException.InvalidArgument("'" + name + "' must be a whole number, got '" + value + "'.");
        }
        if (parsed < 0) {
            throw new GyreException.InvalidArgument("'" + name + "' must be 0 or more, got " + parsed + ".");
        }
        return parsed;
    }

    static int nonNegativeInt(String name, String value) {
        long parsed = nonNegativeLong(name, value);
        if (parsed > Integer.MAX_VALUE) {
            throw new GyreException.InvalidArgument("'" + name + "' must be at most " + Integer.MAX_VALUE + ", got " + parsed + ".");
        }
        return (int) parsed;
    }

    /** A positive id from the path, e.g. a promotion request or comment id. */
    static long id(String what, String value) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // described below
        }
        throw new GyreException.InvalidArgument(what + " id must be a positive number, got '" + value + "'.");
    }
}
