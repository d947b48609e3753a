package com.openedxpok.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** What mysql --batch writes, read back: escapes, NULL, line endings, and files refused whole. */
class MysqlBatchTsvTest {

    @Test
    void escapesAndNullAreReadAsMysqlWroteThem() {
        assertThat(MysqlBatchTsv.fields("1\tNULL\ta\\tb\\nc\t\\\\N\t\\0x\t\tNULLS\t\\q\tend\\"))
                .containsExactly("1", null, "a\tb\nc", "\\N", "\0x", "", "NULLS", "\\q", "end\\");
    }

    @Test
    void theHeaderIsLowerCasedAndEmptyLinesAndCarriageReturnsAreSkipped() {
        MysqlBatchTsv.Parsed parsed = MysqlBatchTsv.read(new ByteArrayInputStream(
                "\uFEFFUser_ID\tcourse_id\r\n\r\n1\tcourse-v1:A+B+C\r\n\n2\tA/B/C\n".getBytes(StandardCharsets.UTF_8)),
                "certificates");
        assertThat(parsed.header()).containsExactly("user_id", "course_id");
        assertThat(parsed.lines()).extracting(MysqlBatchTsv.Line::lineNo).containsExactly(3, 5);
        assertThat(parsed.lines().get(0).text()).isEqualTo("1\tcourse-v1:A+B+C");
    }

    @Test
    void aFileThatIsNotUtf8OrIsEmptyIsRefusedWhole() {
        byte[] latin1 = "user_id\tcourse_id\n1\tGarc\u00eda\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> MysqlBatchTsv.read(new ByteArrayInputStream(latin1), "certificates"))
                .isInstanceOf(ImportException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> MysqlBatchTsv.read(new ByteArrayInputStream(new byte[0]), "templates"))
                .isInstanceOf(ImportException.class).hasMessageContaining("templates file is empty");
        byte[] lines = new byte[3];
        Arrays.fill(lines, (byte) '\n');
        assertThatThrownBy(() -> MysqlBatchTsv.read(new ByteArrayInputStream(lines), "templates"))
                .isInstanceOf(ImportException.class);
    }
}
