package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import com.openedxpok.certificate.SearchWords;

/**
 * The search words (V6) of the certificates that existed before them. In Java because the words must be folded
 * exactly as the service folds them when it writes a certificate ({@link SearchWords}), which no SQL function does
 * the same way on H2, PostgreSQL and MariaDB. Walks the table by id in pages, so memory stays flat at any size.
 */
public class V6_1__certificate_search_words_backfill extends BaseJavaMigration {

    private static final int PAGE = 1000;

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement read = connection.prepareStatement("SELECT id, user_id, receiver_name, username, "
                + "receiver_email, course_key, pok_credential_id FROM pok_certificate WHERE id > ? ORDER BY id LIMIT "
                + PAGE);
                PreparedStatement write = connection.prepareStatement(
                        "INSERT INTO certificate_search_word (certificate_id, word) VALUES (?, ?)")) {
            long after = 0;
            while (true) {
                read.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong("id");
                        for (String word : SearchWords.of(rs.getLong("user_id"), rs.getString("receiver_name"),
                                rs.getString("username"), rs.getString("receiver_email"), rs.getString("course_key"),
                                rs.getString("pok_credential_id"))) {
                            write.setLong(1, after);
                            write.setString(2, word);
                            write.addBatch();
                        }
                    }
                }
                if (rows == 0) {
                    return;
                }
                write.executeBatch();
            }
        }
    }
}
