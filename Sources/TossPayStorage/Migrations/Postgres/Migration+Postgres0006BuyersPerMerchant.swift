extension Migration {
    /// Each merchant has its own buyers: the same change as ``sqlite0006BuyersPerMerchant`` in
    /// PostgreSQL's dialect. The temporary tables go at commit; the copies' `OPEN` entries take
    /// ids after the largest one and the identity sequence is moved past them.
    static let postgres0006BuyersPerMerchant = Migration(version: 6, name: "buyers per merchant", statements: [
        """
        CREATE TEMP TABLE buyer_owners ON COMMIT DROP AS
        SELECT DISTINCT p.user_key AS user_key, p.merchant_id AS merchant_id FROM payments p
        WHERE p.user_key IN (SELECT user_key FROM users)
        """,
        """
        INSERT INTO buyer_owners (user_key, merchant_id)
        SELECT u.user_key, 'sandbox' FROM users u WHERE u.user_key NOT IN (SELECT user_key FROM buyer_owners)
        """,
        """
        CREATE TEMP TABLE old_buyer_accounts ON COMMIT DROP AS
        SELECT account, CASE
            WHEN right(account, 6) = ':money' THEN substr(account, 7, length(account) - 12)
            WHEN right(account, 5) = ':bank' THEN substr(account, 7, length(account) - 11)
            WHEN right(account, 7) = ':points' THEN substr(account, 7, length(account) - 13)
            WHEN rtrim(account, '0123456789') <> account AND right(rtrim(account, '0123456789'), 6) = ':card:'
                THEN substr(account, 7, length(rtrim(account, '0123456789')) - 12)
            END AS user_key
        FROM (SELECT DISTINCT account FROM journal_postings WHERE left(account, 6) = 'buyer:') AS accounts
        """,
        "CREATE INDEX old_buyer_accounts_by_account ON old_buyer_accounts (account)",
        """
        UPDATE journal_postings jp SET account = 'buyer:' || p.merchant_id || substr(jp.account, 6)
        FROM journal_entries e JOIN payments p ON p.pay_token = e.pay_token
        WHERE e.id = jp.entry_id AND left(jp.account, 6) = 'buyer:'
        """,
        """
        UPDATE journal_postings jp SET account = 'buyer:' || (
            SELECT COALESCE(MIN(o.merchant_id), 'sandbox') FROM old_buyer_accounts a JOIN buyer_owners o ON o.user_key = a.user_key
            WHERE a.account = jp.account
        ) || substr(jp.account, 6)
        WHERE left(jp.account, 6) = 'buyer:'
            AND NOT EXISTS (SELECT 1 FROM journal_entries e JOIN payments p ON p.pay_token = e.pay_token WHERE e.id = jp.entry_id)
        """,
        """
        CREATE TABLE users_by_merchant (
            merchant_id TEXT COLLATE "C" NOT NULL, user_key TEXT COLLATE "C" NOT NULL, record TEXT NOT NULL,
            CONSTRAINT users_by_merchant_pkey PRIMARY KEY (merchant_id, user_key))
        """,
        // The merchant goes in front of the record's first key, as text: a record that is not
        // JSON stays as it was (and is refused when read, like any corrupt row).
        """
        INSERT INTO users_by_merchant (merchant_id, user_key, record)
        SELECT o.merchant_id, u.user_key, CASE
            WHEN ltrim(u.record) LIKE '{"%' THEN '{"merchantId":' || to_json(o.merchant_id)::text || ',' || substr(ltrim(u.record), 2)
            ELSE u.record END
        FROM users u JOIN buyer_owners o ON o.user_key = u.user_key
        """,
        "DROP TABLE users",
        "ALTER TABLE users_by_merchant RENAME TO users",
        "ALTER TABLE users RENAME CONSTRAINT users_by_merchant_pkey TO users_pkey",
        "CREATE TEMP TABLE shared_buyers ON COMMIT DROP AS SELECT user_key FROM buyer_owners GROUP BY user_key HAVING COUNT(*) > 1",
        """
        CREATE TEMP TABLE buyer_differences ON COMMIT DROP AS
        SELECT merchant_id, user_key, account, SUM(amount)::bigint AS amount FROM (
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':money' AS account,
                (u.record::jsonb ->> 'tossMoneyBalance')::bigint AS amount
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':points', (u.record::jsonb ->> 'points')::bigint
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':bank',
                (u.record::jsonb -> 'bankAccount' ->> 'balance')::bigint
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key WHERE jsonb_typeof(u.record::jsonb -> 'bankAccount') = 'object'
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':card:' || (c.card ->> 'companyCode'),
                CASE WHEN c.card ->> 'methodType' = 'CREDIT' THEN -(c.card ->> 'used')::bigint ELSE (c.card ->> 'limit')::bigint END
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            CROSS JOIN LATERAL jsonb_array_elements(u.record::jsonb -> 'cards') AS c(card)
            UNION ALL
            SELECT u.merchant_id, u.user_key, jp.account, -jp.amount
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            JOIN old_buyer_accounts a ON a.user_key = u.user_key
            JOIN journal_postings jp ON jp.account = 'buyer:' || u.merchant_id || substr(a.account, 6)
        ) AS balances GROUP BY merchant_id, user_key, account
        """,
        """
        CREATE TEMP TABLE buyer_copy_entries ON COMMIT DROP AS
        SELECT merchant_id, user_key,
            (SELECT COALESCE(MAX(id), 0) FROM journal_entries) + ROW_NUMBER() OVER (ORDER BY merchant_id, user_key) AS entry_id
        FROM (SELECT DISTINCT merchant_id, user_key FROM buyer_differences WHERE amount <> 0) AS copies
        """,
        "INSERT INTO journal_entries (id, kind, pay_token) OVERRIDING SYSTEM VALUE SELECT entry_id, 'OPEN', NULL FROM buyer_copy_entries",
        "SELECT setval(pg_get_serial_sequence('journal_entries', 'id'), (SELECT MAX(id) FROM journal_entries))",
        """
        INSERT INTO journal_postings (entry_id, position, account, amount)
        SELECT c.entry_id, ROW_NUMBER() OVER (PARTITION BY c.entry_id ORDER BY d.account), d.account, d.amount
        FROM buyer_differences d JOIN buyer_copy_entries c ON c.merchant_id = d.merchant_id AND c.user_key = d.user_key
        WHERE d.amount <> 0
        """,
        """
        INSERT INTO journal_postings (entry_id, position, account, amount)
        SELECT c.entry_id, COUNT(*) + 1, 'world:funding', -SUM(d.amount) FROM buyer_differences d
        JOIN buyer_copy_entries c ON c.merchant_id = d.merchant_id AND c.user_key = d.user_key
        WHERE d.amount <> 0 GROUP BY c.entry_id HAVING SUM(d.amount) <> 0
        """,
    ])
}
