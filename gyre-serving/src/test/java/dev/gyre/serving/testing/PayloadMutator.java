package dev.gyre.serving.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gyre.serving.protocol.CodecLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of malformed request bodies: mutations of valid seeds (byte flips, truncation, type swaps,
 * removed fields, changed shapes, duplicate keys) and hostile bodies (random bytes, invalid UTF-8, empty, bare
 * JSON scalars, deep nesting, huge arrays past the limits).
 */
public final class PayloadMutator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final Random random;
    private final List<byte[]> seeds;
    private final CodecLimits limits;

    public PayloadMutator(long seed, List<byte[]> seeds, CodecLimits limits) {
        this.random = new Random(seed);
        this.seeds = seeds;
        this.limits = limits;
    }

    public byte[] next() {
        byte[] seed = seeds.get(random.nextInt(seeds.size()));
        return switch (random.nextInt(12)) {
            case 0 -> flipBytes(seed);
            case 1 -> Arrays.copyOf(seed, random.nextInt(seed.length));
            case 2 -> randomBytes();
            case 3 -> invalidUtf8(seed);
            case 4 -> bytes(pick("", " ", "null", "[]", "[1,2]", "42", "\"text\"", "true", "{}", "\n\t", "{\"a\":1}{}",
                    "\uFEFF", "NaN", "{\"inputs\": NaN}", "{\"x\": 1e999}", "{\"records\": [{\"a\": -Infinity}]}"));
            case 5 -> deepNesting(seed);
            case 6 -> hugeArray(seed);
            case 7, 8 -> swapType(seed);
            case 9 -> removeField(seed);
            case 10 -> duplicateKey(seed);
            default -> spliceToken(seed);
        };
    }

    private byte[] flipBytes(byte[] seed) {
        byte[] out = seed.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && out.length > 0; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
    }

    private byte[] randomBytes() {
        byte[] out = new byte[random.nextInt(200)];
        random.nextBytes(out);
        return out;
    }

    private byte[] invalidUtf8(byte[] seed) {
        byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF0, (byte) 0x9F},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {0, 0, 0}};
        byte[] insert = bad[random.nextInt(bad.length)];
        int at = random.nextInt(seed.length + 1);
        byte[] out = new byte[seed.length + insert.length];
        System.arraycopy(seed, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(seed, at, out, at + insert.length, seed.length - at);
        return out;
    }

    private byte[] deepNesting(byte[] seed) {
        int depth = limits.maxDepth() - 3 + random.nextInt(8);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        String inner = open.repeat(depth) + "1" + close.repeat(depth);
        JsonNode tree = tree(seed);
        if (tree == null || random.nextInt(3) == 0) {
            return bytes(random.nextBoolean() ? inner : inner.substring(0, inner.length() - 1));
        }
        String text = tree.toString();
        int at = text.indexOf(':');
        return at < 0 ? bytes(inner) : bytes(text.substring(0, at + 1) + inner + "," + text.substring(at + 1));
    }

    private byte[] hugeArray(byte[] seed) {
        int n = limits.maxRecords() + random.nextInt(3) - 1;
        JsonNode tree = tree(seed);
        if (tree == null) {
            return bytes("[" + "1,".repeat(n) + "1]");
        }
        List<ArrayNode> arrays = new ArrayList<>();
        collectArrays(tree, arrays);
        if (arrays.isEmpty()) {
            return bytes(tree.toString());
        }
        ArrayNode target = arrays.get(random.nextInt(arrays.size()));
        JsonNode item = target.isEmpty() ? F.numberNode(1) : target.get(0);
        while (target.size() < n) {
            target.add(item.deepCopy());
        }
        return bytes(tree.toString());
    }

    private byte[] swapType(byte[] seed) {
        JsonNode tree = tree(seed);
        if (tree == null || !tree.isContainerNode()) {
            return flipBytes(seed);
        }
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(tree, containers);
        JsonNode parent = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = randomNode();
        if (parent instanceof ObjectNode o && o.size() > 0) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            o.set(names.get(random.nextInt(names.size())), replacement);
        } else if (parent instanceof ArrayNode a && a.size() > 0) {
            a.set(random.nextInt(a.size()), replacement);
        }
        return bytes(tree.toString());
    }

    private JsonNode randomNode() {
        return switch (random.nextInt(12)) {
            case 0 -> F.nullNode();
            case 1 -> F.textNode("x".repeat(random.nextInt(2) == 0 ? 3 : limits.maxStringLength() + 1));
            case 2 -> F.numberNode(random.nextLong());
            case 3 -> F.numberNode(random.nextDouble() * 1e300 * (random.nextBoolean() ? 1e10 : 1));
            case 4 -> F.booleanNode(random.nextBoolean());
            case 5 -> F.arrayNode();
            case 6 -> F.objectNode();
            case 7 -> F.arrayNode().add(F.arrayNode().add(1)).add("a");
            case 8 -> F.objectNode().put("name", "x").put("shape", -1);
            case 9 -> F.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
            case 10 -> F.arrayNode().add(random.nextInt(5) - 1).add(random.nextInt(5));
            default -> F.textNode(pick("FP32", "INT8", "BYTES", "UINT64", "BOOL", "fp64", "", "FP128"));
        };
    }

    private byte[] removeField(byte[] seed) {
        JsonNode tree = tree(seed);
        if (tree == null) {
            return flipBytes(seed);
        }
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(tree, containers);
        for (JsonNode c : containers) {
            if (c instanceof ObjectNode o && o.size() > 0 && random.nextInt(3) == 0) {
                o.remove(o.fieldNames().next());
            } else if (c instanceof ArrayNode a && a.size() > 0 && random.nextInt(4) == 0) {
                a.remove(random.nextInt(a.size()));
            }
        }
        return bytes(tree.toString());
    }

    private byte[] duplicateKey(byte[] seed) {
        String text = new String(seed, StandardCharsets.UTF_8);
        int brace = text.indexOf('{', random.nextInt(Math.max(1, text.length())));
        if (brace < 0) {
            brace = text.indexOf('{');
        }
        int end = brace < 0 ? -1 : text.indexOf(',', brace);
        if (end < 0) {
            return bytes("{\"a\": 1, \"a\": 2}");
        }
        String pair = text.substring(brace + 1, end);
        return bytes(text.substring(0, brace + 1) + pair + "," + text.substring(brace + 1));
    }

    private byte[] spliceToken(byte[] seed) {
        String token = pick("{", "}", "[", "]", ",", ":", "\"", "null", "-", "1e", "0x1F", "'a'", "//", "\\u12",
                "\"\\ud800\"", "\u0000", "1.7976931348623157e309", "-0", "00", "+1");
        int at = random.nextInt(seed.length + 1);
        String text = new String(seed, StandardCharsets.UTF_8);
        at = Math.min(at, text.length());
        return bytes(text.substring(0, at) + token + text.substring(at));
    }

    private static void collectContainers(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collectContainers(child, out));
        }
    }

    private static void collectArrays(JsonNode node, List<ArrayNode> out) {
        if (node instanceof ArrayNode a) {
            out.add(a);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> collectArrays(child, out));
        }
    }

    private static JsonNode tree(byte[] seed) {
        try {
            return MAPPER.readTree(seed);
        } catch (Exception notJson) {
            return null;
        }
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
