extension Migration {
    /// Card numbers are kept as BIN6 + last 4 only (SPEC §8, "Data kept small"): every stored
    /// buyer's `cards[i].number` that is 16 digits becomes `BIN6 + "******" + last4`; numbers
    /// already masked are left alone. Records are TEXT: they are rebuilt as jsonb (cards in
    /// their order) and written back as text, so key order and spacing may change — decoding
    /// does not depend on either. Only records that show a 16-digit number are read as jsonb.
    static let postgres0005MaskCardNumbers = Migration(version: 5, name: "mask card numbers", statements: [
        """
        UPDATE users SET record = CASE
            WHEN jsonb_typeof(record::jsonb -> 'cards') = 'array' THEN jsonb_set(record::jsonb, '{cards}', COALESCE((
                SELECT jsonb_agg(CASE
                    WHEN jsonb_typeof(card -> 'number') = 'string' AND card ->> 'number' ~ '^[0-9]{16}$'
                    THEN jsonb_set(card, '{number}', to_jsonb(
                        substr(card ->> 'number', 1, 6) || '******' || substr(card ->> 'number', 13, 4)))
                    ELSE card END ORDER BY position)
                FROM jsonb_array_elements(record::jsonb -> 'cards') WITH ORDINALITY AS element(card, position)
            ), '[]'::jsonb))::text
            ELSE record END
        WHERE record ~ '"number" *: *"[0-9]{16}"'
        """,
    ])
}
