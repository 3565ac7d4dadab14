package dev.gyre.data.ingest;

import static dev.gyre.data.ingest.Inputs.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gyre.core.GyreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    private static List<String[]> parseTrickled(String text, char delimiter) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (CsvReader reader = new CsvReader(Inputs.trickle(bytes), "File t.csv", delimiter, StandardCharsets.UTF_8,
                1 << 20)) {
            return Inputs.records(reader);
        }
    }

    private static void assertParses(String text, String[]... expected) {
        assertThat(parse(text, ',')).containsExactly(expected);
        assertThat(parseTrickled(text, ',')).containsExactly(expected);
    }

    @Test
    void splitsPlainFieldsAndRecords() {
        assertParses("a,b,c\n1,2,3\n", new String[]{"a", "b", "c"}, new String[]{"1", "2", "3"});
    }

    @Test
    void readsTheLastRecordWithoutALineEnd() {
        assertParses("a,b\n1,2", new String[]{"a", "b"}, new String[]{"1", "2"});
    }

    @Test
    void keepsEmptyFieldsIncludingATrailingOne() {
        assertParses("a,,c,\n,,,\n", new String[]{"a", "", "c", ""}, new String[]{"", "", "", ""});
    }

    @Test
    void quotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() {
        assertParses("\"x,y\",\"line1\nline2\",\"say \"\"hi\"\"\",\"\"\n",
                new String[]{"x,y", "line1\nline2", "say \"hi\"", ""});
    }

    @Test
    void quotedFieldsKeepCrlfInside() {
        assertParses("\"a\r\nb\",c\r\n", new String[]{"a\r\nb", "c"});
    }

    @Test
    void acceptsCrlfLfAndLoneCrMixed() {
        assertParses("a,b\r\n1,2\n3,4\r5,6\r\n", new String[]{"a", "b"}, new String[]{"1", "2"},
                new String[]{"3", "4"}, new String[]{"5", "6"});
    }

    @Test
    void skipsBlankLines() {
        assertParses("a\n\n\r\nb\n\n", new String[]{"a"}, new String[]{"b"});
    }

    @Test
    void keepsAQuoteInsideAnUnquotedFieldAsWritten() {
        assertParses("5'11\",x\n", new String[]{"5'11\"", "x"});
    }

    @Test
    void keepsSpacesAroundUnquotedFields() {
        assertParses(" a , b \n", new String[]{" a ", " b "});
    }

    @ParameterizedTest
    @ValueSource(chars = {';', '\t', '|'})
    void readsOtherDelimiters(char delimiter) {
        String text = "a" + delimiter + "\"b" + delimiter + "c\"" + delimiter + "d,e\n";
        assertThat(parse(text, delimiter)).containsExactly(new String[]{"a", "b" + delimiter + "c", "d,e"});
    }

    @Test
    void skipsAUtf8ByteOrderMark() {
        assertParses("\uFEFFid,name\n1,x\n", new String[]{"id", "name"}, new String[]{"1", "x"});
    }

    @Test
    void readsFieldsLongerThanTheBuffer() {
        String longPlain = "p".repeat(3 * CsvReader.BUFFER_SIZE + 17);
        String longQuoted = "q\"\"".repeat(CsvReader.BUFFER_SIZE);
        List<String[]> records = parse(longPlain + ",\"" + longQuoted + "\"\nend,x\n", ',');
        assertThat(records).hasSize(2);
        assertThat(records.get(0)[0]).isEqualTo(longPlain);
        assertThat(records.get(0)[1]).isEqualTo("q\"".repeat(CsvReader.BUFFER_SIZE));
        assertThat(records.get(1)).containsExactly("end", "x");
    }

    @Test
    void reportsTheLineOnWhichEachRecordStarts() {
        try (CsvReader reader = new CsvReader(Inputs.utf8("a\r\n\"two\r\nlines\"\n\nb\n"), "File t.csv", ',',
                StandardCharsets.UTF_8, 100)) {
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(1);
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(2);
            reader.next();
            assertThat(reader.recordLine()).isEqualTo(5);
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void anUnclosedQuoteIsAnErrorNamingWhereItOpened() {
        String text = "id,comment\n1,fine\n2,\"never closed\n3,more\n4,text\n";
        assertThatThrownBy(() -> parse(text, ','))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("File t.csv, line 3, column 2")
                .hasMessageContaining("never closed")
                .hasMessageContaining("two quotes");
    }

    @Test
    void aCharacterAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> parse("a,b\n1,\"x\"y\n", ','))
                .isInstanceOf(GyreException.InvalidArgument.class)
                .hasMessageContaining("line 2, column 2")
                .hasMessageContaining("'y' follows the closing quote")
                .hasMessageContaining("--delimiter");
    }

    @Test
    void aFieldOverTheLimitIsAnErrorNamingLineColumnAndTheOption() {
        String huge = "z".repeat(10 * 1024 * 1024);
        String text = "id,notes\n1,short\n2," + huge + "\n";
        try (CsvReader reader = new CsvReader(Inputs.utf8(text), "File big.csv", ',', StandardCharsets.UTF_8,
                IngestOptions.DEFAULT_MAX_FIELD_BYTES)) {
            reader.columnNames(List.of("id", "notes"));
            reader.next();
            reader.next();
            assertThatThrownBy(reader::next)
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("File big.csv, line 3, column 2 ('notes')")
                    .hasMessageContaining("longer than 1048576 characters")
                    .hasMessageContaining("--max-field-bytes");
        }
        try (CsvReader reader = new CsvReader(Inputs.utf8(text), "File big.csv", ',', StandardCharsets.UTF_8,
                11 * 1024 * 1024)) {
            assertThat(Inputs.records(reader).get(2)[1]).hasSize(huge.length());
        }
    }

    @Test
    void anUnclosedQuoteInALongFileHitsTheFieldLimitAndSaysSo() {
        String text = "a,b\n1,\"open\n" + "row,row\n".repeat(1000);
        try (CsvReader reader = new CsvReader(Inputs.utf8(text), "File t.csv", ',', StandardCharsets.UTF_8, 1000)) {
            reader.next();
            assertThatThrownBy(reader::next)
                    .hasMessageContaining("line 2, column 2")
                    .hasMessageContaining("quote that is never closed");
        }
    }

    @Test
    void invalidUtf8IsAnErrorNamingLineByteOffsetAndEncodingOption() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("name,city\nA,Oslo\nB,M".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xFC); // ü in ISO-8859-1
        bytes.writeBytes("nchen\n".getBytes(StandardCharsets.US_ASCII));
        for (boolean trickle : new boolean[]{false, true}) {
            byte[] data = bytes.toByteArray();
            try (CsvReader reader = new CsvReader(trickle ? Inputs.trickle(data) : new ByteArrayInputStream(data),
                    "File cities.csv", ',', StandardCharsets.UTF_8, 1000)) {
                reader.next();
                reader.next();
                assertThatThrownBy(reader::next)
                        .isInstanceOf(GyreException.InvalidArgument.class)
                        .hasMessageContaining("File cities.csv, line 3")
                        .hasMessageContaining("0xFC at byte offset 20")
                        .hasMessageContaining("not valid UTF-8")
                        .hasMessageContaining("--encoding ISO-8859-1");
            }
        }
    }

    @Test
    void decodesMultiByteCharactersAcrossBufferBoundaries() {
        StringBuilder text = new StringBuilder();
        List<String[]> expected = new java.util.ArrayList<>();
        String[] words = {"na\u00efve", "\u4e2d\u6587", "\ud83d\ude00 smile", "plain ascii text", "\u00e9"};
        for (int i = 0; text.length() < 3 * CsvReader.BUFFER_SIZE; i++) {
            String a = words[i % words.length] + i;
            String b = words[(i * 7) % words.length].repeat(i % 5);
            text.append(a).append(",\"").append(b).append("\"\n");
            expected.add(new String[]{a, b});
        }
        assertThat(parse(text.toString(), ',')).containsExactlyElementsOf(expected);
        assertThat(parseTrickled(text.toString(), ',')).containsExactlyElementsOf(expected);
    }

    @Test
    void anInvalidByteFarIntoTheFileIsReportedAtItsOffset() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("a,b\n".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20_000; i++) {
            bytes.writeBytes("x\u00e9,y\n".getBytes(StandardCharsets.UTF_8));
        }
        long offset = bytes.size() + 3;
        bytes.writeBytes("z,w".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xFF);
        bytes.writeBytes("\n".getBytes(StandardCharsets.US_ASCII));
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(bytes.toByteArray()), "File t.csv", ',',
                StandardCharsets.UTF_8, 100)) {
            assertThatThrownBy(() -> Inputs.records(reader))
                    .hasMessageContaining("File t.csv, line 20002: the byte 0xFF at byte offset " + offset);
        }
    }

    @Test
    void aCharacterCutOffAtTheEndOfTheInputIsAnError() {
        byte[] cut = {'a', ',', 'b', '\n', 'c', ',', (byte) 0xE4, (byte) 0xB8};
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(cut), "File t.csv", ',', StandardCharsets.UTF_8,
                100)) {
            assertThatThrownBy(() -> Inputs.records(reader))
                    .isInstanceOf(GyreException.InvalidArgument.class)
                    .hasMessageContaining("line 2: the bytes 0xE4 0xB8 at byte offset 6 are not valid UTF-8");
        }
    }

    @Test
    void decodesLatin1WhenToldTheEncoding() {
        byte[] data = "name\nM\u00fcnchen\n".getBytes(StandardCharsets.ISO_8859_1);
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(data), "File t.csv", ',',
                StandardCharsets.ISO_8859_1, 100)) {
            assertThat(Inputs.records(reader)).containsExactly(new String[]{"name"}, new String[]{"M\u00fcnchen"});
        }
    }

    @Test
    void countsTheBytesItReads() {
        byte[] data = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        try (CsvReader reader = new CsvReader(new ByteArrayInputStream(data), "File t.csv", ',', StandardCharsets.UTF_8,
                100)) {
            Inputs.records(reader);
            assertThat(reader.bytesRead()).isEqualTo(data.length);
        }
    }

    @Test
    void anEmptyInputHasNoRecords() {
        assertThat(parse("", ',')).isEmpty();
        assertThat(parse("\n\r\n", ',')).isEmpty();
    }
}
