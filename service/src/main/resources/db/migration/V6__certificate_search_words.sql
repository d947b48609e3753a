-- The words the console's search finds a certificate by (com.openedxpok.issuance.SearchWords): the learner's name,
-- username and email, the course key and the POK credential id, lower case and without accents, each whole and from
-- every separator on. Written with the certificate, in the same transaction (CertificateRepository). A search term
-- is a prefix of a word, so every search is a b-tree range scan on word, the same on H2, PostgreSQL and MariaDB
-- (PostgreSQL's trigram indexes would also find the middle of a word, but MariaDB and H2 have nothing like them).
-- On PostgreSQL with a collation other than C, LIKE 'prefix%' uses a b-tree only with the pattern operator class.
-- Existing certificates get their words from V6_1 (Java: the same folding as the service).
CREATE TABLE certificate_search_word (
    certificate_id BIGINT        NOT NULL,
    word           VARCHAR(100)  NOT NULL,
    CONSTRAINT pk_certificate_search_word PRIMARY KEY (certificate_id, word),
    CONSTRAINT fk_certificate_search_word_certificate FOREIGN KEY (certificate_id) REFERENCES pok_certificate (id)
        ON DELETE CASCADE
) ${table_options};
CREATE INDEX ix_certificate_search_word_word ON certificate_search_word (word ${prefix_ops}, certificate_id);
