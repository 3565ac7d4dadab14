package dev.gyre.core.charter;

import dev.gyre.core.GyreException;

/** How a measured value is compared with a threshold. */
public enum Direction {
    /** {@code >=} */
    AT_LEAST(">=", true),
    /** {@code >} */
    ABOVE(">", true),
    /** {@code <=} */
    AT_MOST("<=", false),
    /** {@code <} */
    BELOW("<", false);

    private final String symbol;
    private final boolean higherIsBetter;

    Direction(String symbol, boolean higherIsBetter) {
        this.symbol = symbol;
        this.higherIsBetter = higherIsBetter;
    }

    /** The operator as written in charters: {@code >=}, {@code >}, {@code <=} or {@code <}. */
    public String symbol() {
        return symbol;
    }

    /** Whether this comparison asks for high values ({@code >=}, {@code >}). */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** Whether {@code value} compared with {@code threshold} holds; NaN never does. */
    public boolean test(double value, double threshold) {
        return switch (this) {
            case AT_LEAST -> value >= threshold;
            case ABOVE -> value > threshold;
            case AT_MOST -> value <= threshold;
            case BELOW -> value < threshold;
        };
    }

    /**
     * Parses an operator symbol (surrounding blanks ignored).
     *
     * @throws GyreException.InvalidArgument if it is not one of {@code >=, >, <=, <}
     */
    public static Direction parse(String symbol) {
        if (symbol != null) {
            String wanted = symbol.strip();
            for (Direction direction : values()) {
                if (direction.symbol.equals(wanted)) {
                    return direction;
                }
            }
        }
        throw new GyreException.InvalidArgument("unknown comparison operator '" + symbol + "'; use one of: >=, >, <=, <");
    }

    @Override
    public String toString() {
        return symbol;
    }
}
