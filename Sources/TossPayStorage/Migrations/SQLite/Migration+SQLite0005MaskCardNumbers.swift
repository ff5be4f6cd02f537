extension Migration {
    /// Card numbers are kept as BIN6 + last 4 only (SPEC §8, "Data kept small"): every stored
    /// buyer's `cards[i].number` that is 16 digits becomes `BIN6 + "******" + last4`; numbers
    /// already masked are left alone. The cards array is rebuilt in order with JSON1; `json()`
    /// keeps each card an object (not a quoted string) on its way through the subquery.
    static let sqlite0005MaskCardNumbers = Migration(version: 5, name: "mask card numbers", statements: [
        """
        UPDATE users SET record = json_set(record, '$.cards', json((
            SELECT json_group_array(CASE
                WHEN json_type(card.value, '$.number') = 'text'
                    AND length(json_extract(card.value, '$.number')) = 16
                    AND json_extract(card.value, '$.number') NOT GLOB '*[^0-9]*'
                THEN json(json_set(card.value, '$.number',
                    substr(json_extract(card.value, '$.number'), 1, 6) || '******'
                        || substr(json_extract(card.value, '$.number'), 13, 4)))
                WHEN card.type IN ('object', 'array') THEN json(card.value)
                ELSE card.value END)
            FROM (SELECT key, value, type FROM json_each(users.record, '$.cards') ORDER BY key) AS card
        )))
        WHERE CASE WHEN json_valid(record) THEN
            json_type(record, '$.cards') = 'array' AND EXISTS (
                SELECT 1 FROM json_each(users.record, '$.cards') AS card
                WHERE json_type(card.value, '$.number') = 'text'
                    AND length(json_extract(card.value, '$.number')) = 16
                    AND json_extract(card.value, '$.number') NOT GLOB '*[^0-9]*')
            ELSE 0 END
        """,
    ])
}
