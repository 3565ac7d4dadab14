package dev.gyre.tracking.search;

import dev.gyre.core.GyreException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parses MLflow's search grammar:
 * <pre>
 * filter     := comparison ( AND comparison )*
 * comparison := identifier comparator value
 * comparator := = | != | &gt; | &gt;= | &lt; | &lt;= | LIKE | ILIKE | IN | NOT IN
 * value      := number | string | ( string [, string]* )
 * order_by   := identifier [ ASC | DESC ]
 * </pre>
 * and checks each comparison against the {@link SearchSchema}: numbers for metrics and numeric
 * attributes ({@code = != > >= < <=}), quoted strings for params, tags and string attributes
 * ({@code = != LIKE ILIKE}, and {@code IN}/{@code NOT IN} for string attributes). Keywords are
 * case-insensitive. Every failure is an {@link GyreException.InvalidArgument} naming the position
 * (1-based) and what was expected.
 */
public final class FilterParser {

    private static final Set<Comparator> NUMERIC = EnumSet.of(Comparator.EQ, Comparator.NE, Comparator.GT,
            Comparator.GE, Comparator.LT, Comparator.LE);
    private static final Set<Comparator> STRING = EnumSet.of(Comparator.EQ, Comparator.NE, Comparator.LIKE,
            Comparator.ILIKE);
    private static final Set<Comparator> STRING_ATTRIBUTE = EnumSet.of(Comparator.EQ, Comparator.NE,
            Comparator.LIKE, Comparator.ILIKE, Comparator.IN, Comparator.NOT_IN);

    private final String input;
    private final String what;
    private final SearchSchema schema;
    private final List<Token> tokens;
    private int index;

    private FilterParser(String input, String what, SearchSchema schema) {
        this.input = input;
        this.what = what;
        this.schema = schema;
        this.tokens = FilterLexer.tokenize(input, what);
    }

    /**
     * The comparisons of a filter, in order; a {@code null} or blank filter has none.
     *
     * @throws GyreException.InvalidArgument for a syntax error, an unknown entity or attribute, a
     *                                       comparator the identifier's type does not allow, or a value
     *                                       of the wrong kind
     */
    public static List<Comparison> parseFilter(String filter, SearchSchema schema) {
        if (filter == null || filter.isBlank()) {
            return List.of();
        }
        return new FilterParser(filter, "filter", schema).filter();
    }

    /**
     * The order-by elements, each written {@code identifier [ASC|DESC]} (ascending when not said).
     *
     * @throws GyreException.InvalidArgument for a syntax error or an unknown entity or attribute
     */
    public static List<OrderBy> parseOrderBy(List<String> orderBy, SearchSchema schema) {
        List<OrderBy> result = new ArrayList<>();
        if (orderBy == null) {
            return result;
        }
        for (String clause : orderBy) {
            if (clause == null || clause.isBlank()) {
                throw new GyreException.InvalidArgument("Invalid order_by clause '': each element names a "
                        + schema.entity() + " field, optionally followed by ASC or DESC.");
            }
            result.add(new FilterParser(clause, "order_by clause", schema).orderBy());
        }
        return result;
    }

    private List<Comparison> filter() {
        List<Comparison> comparisons = new ArrayList<>();
        comparisons.add(comparison());
        while (true) {
            Token token = peek();
            if (token.kind() == Token.Kind.END) {
                return comparisons;
            }
            if (token.isWord("and")) {
                index++;
                comparisons.add(comparison());
            } else if (token.isWord("or")) {
                throw error(token, "'OR' is not supported; a filter is a conjunction of comparisons joined by"
                        + " 'AND'");
            } else {
                throw error(token, "expected 'AND' or the end of the filter but found " + token.describe());
            }
        }
    }

    private Comparison comparison() {
        Identifier identifier = identifier();
        Comparator comparator = comparator();
        FilterValue value = value();
        check(identifier, comparator, value);
        return new Comparison(identifier, comparator, value);
    }

    private OrderBy orderBy() {
        Identifier identifier = identifier();
        boolean ascending = true;
        Token token = peek();
        if (token.isWord("asc")) {
            index++;
        } else if (token.isWord("desc")) {
            ascending = false;
            index++;
        }
        Token end = peek();
        if (end.kind() != Token.Kind.END) {
            throw error(end, "expected 'ASC', 'DESC' or the end of the clause but found " + end.describe());
        }
        return new OrderBy(identifier, ascending);
    }

    private Identifier identifier() {
        Token token = next();
        if (token.kind() != Token.Kind.IDENTIFIER) {
            throw error(token, "expected an identifier such as " + schema.prefixes().split(", ")[0]
                    .replace("'", "") + "<key> or an attribute name, but found " + token.describe());
        }
        if (token.key() == null) {
            String attribute = schema.canonicalAttribute(token.text());
            if (attribute == null) {
                throw error(token, "unknown identifier " + token.describe() + "; use " + schema.prefixes()
                        + " followed by a key, or one of the " + schema.entity() + " attributes "
                        + schema.attributeNames());
            }
            return new Identifier(EntityType.ATTRIBUTE, attribute, token.position());
        }
        EntityType type = EntityType.ofPrefix(token.text());
        if (type == null || !schema.allows(type)) {
            throw error(token, "invalid entity type '" + token.text() + "'; valid prefixes for a "
                    + schema.entity() + " search are " + schema.prefixes());
        }
        if (token.key().isEmpty()) {
            throw error(token, "expected a key after '" + token.text() + ".'");
        }
        if (type == EntityType.ATTRIBUTE) {
            String attribute = schema.canonicalAttribute(token.key());
            if (attribute == null) {
                throw error(token, "invalid attribute key '" + token.key() + "'; valid " + schema.entity()
                        + " attributes are " + schema.attributeNames());
            }
            return new Identifier(type, attribute, token.position());
        }
        return new Identifier(type, token.key(), token.position());
    }

    private Comparator comparator() {
        Token token = next();
        if (token.kind() == Token.Kind.COMPARATOR) {
            return Comparator.ofSymbol(token.text());
        }
        if (token.kind() == Token.Kind.IDENTIFIER && token.key() == null) {
            if (token.isWord("not")) {
                Token in = next();
                if (in.isWord("in")) {
                    return Comparator.NOT_IN;
                }
                throw error(in, "expected 'IN' after 'NOT' but found " + in.describe());
            }
            Comparator keyword = Comparator.ofSymbol(token.text());
            if (keyword != null) {
                return keyword;
            }
        }
        throw error(token, "expected a comparator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN) but found "
                + token.describe());
    }

    private FilterValue value() {
        Token token = next();
        switch (token.kind()) {
            case NUMBER:
                return new FilterValue.Number(token.text(), Double.parseDouble(token.text()));
            case STRING:
                return new FilterValue.Text(token.text());
            case LPAREN:
                List<String> values = new ArrayList<>();
                while (true) {
                    Token item = next();
                    if (item.kind() != Token.Kind.STRING) {
                        throw error(item, "expected a quoted string in the list but found " + item.describe());
                    }
                    values.add(item.text());
                    Token separator = next();
                    if (separator.kind() == Token.Kind.RPAREN) {
                        return new FilterValue.TextList(values);
                    }
                    if (separator.kind() != Token.Kind.COMMA) {
                        throw error(separator, "expected ',' or ')' but found " + separator.describe());
                    }
                }
            default:
                throw error(token, "expected a value (a number, a quoted string or a parenthesised list of"
                        + " quoted strings) but found " + token.describe());
        }
    }

    private void check(Identifier identifier, Comparator comparator, FilterValue value) {
        String name = describe(identifier);
        boolean numeric = identifier.isNumeric(schema);
        Set<Comparator> allowed = numeric ? NUMERIC
                : identifier.type() == EntityType.ATTRIBUTE ? STRING_ATTRIBUTE : STRING;
        if (!allowed.contains(comparator)) {
            throw error(identifier.position(), "invalid comparator '" + comparator.symbol() + "' for " + name
                    + "; it supports " + symbols(allowed));
        }
        if (comparator == Comparator.IN || comparator == Comparator.NOT_IN) {
            if (!(value instanceof FilterValue.TextList)) {
                throw error(identifier.position(), "'" + comparator.symbol() + "' needs a parenthesised list of"
                        + " quoted strings such as ('a', 'b')");
            }
            return;
        }
        if (numeric && !(value instanceof FilterValue.Number)) {
            throw error(identifier.position(), "expected a numeric value for " + name + " but found "
                    + (value instanceof FilterValue.Text text ? "the string '" + text.value() + "'" : "a list"));
        }
        if (!numeric && !(value instanceof FilterValue.Text)) {
            throw error(identifier.position(), "expected a quoted string value for " + name + " but found "
                    + (value instanceof FilterValue.Number number ? number.text() : "a list")
                    + " (write '" + (value instanceof FilterValue.Number number ? number.text() : "...") + "')");
        }
    }

    private static String describe(Identifier identifier) {
        return switch (identifier.type()) {
            case METRIC -> "metric '" + identifier.key() + "'";
            case PARAM -> "param '" + identifier.key() + "'";
            case TAG -> "tag '" + identifier.key() + "'";
            case ATTRIBUTE -> "attribute '" + identifier.key() + "'";
        };
    }

    private static String symbols(Set<Comparator> comparators) {
        StringBuilder text = new StringBuilder();
        for (Comparator c : comparators) {
            text.append(text.length() == 0 ? "" : ", ").append(c.symbol());
        }
        return text.toString();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.END) {
            index++;
        }
        return token;
    }

    private GyreException.InvalidArgument error(Token token, String detail) {
        return error(token.position(), detail);
    }

    private GyreException.InvalidArgument error(int position, String detail) {
        return FilterErrors.at(input, what, position, detail);
    }
}
