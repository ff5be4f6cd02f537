extension Migration {
    /// Each merchant has its own buyers (SPEC §5; §8 "Upgrades"). A buyer used by one merchant
    /// moves to it; a buyer used by several is copied to each; an unused buyer goes to the
    /// sandbox merchant. Journal accounts `buyer:{userKey}:…` become `buyer:{merchantId}:{userKey}:…`:
    /// a payment's postings go to the payment's merchant, postings without a payment (openings,
    /// sandbox set-ups) to the buyer's first merchant (smallest id). Each copy of a shared buyer
    /// holds the buyer's balances as they were; where its accounts' postings do not sum to them,
    /// one `OPEN` entry against `world:funding` makes up the difference, so `verify` stays clean.
    static let sqlite0006BuyersPerMerchant = Migration(version: 6, name: "buyers per merchant", statements: [
        // Who used each buyer.
        """
        CREATE TEMP TABLE buyer_owners AS
        SELECT DISTINCT p.user_key AS user_key, p.merchant_id AS merchant_id FROM payments p
        WHERE p.user_key IN (SELECT user_key FROM users)
        """,
        """
        INSERT INTO buyer_owners (user_key, merchant_id)
        SELECT u.user_key, 'sandbox' FROM users u WHERE u.user_key NOT IN (SELECT user_key FROM buyer_owners)
        """,
        // Each old buyer account with the userKey it names (the suffix decides; a key may hold `:`).
        """
        CREATE TEMP TABLE old_buyer_accounts AS
        SELECT account, CASE
            WHEN substr(account, -6) = ':money' THEN substr(account, 7, length(account) - 12)
            WHEN substr(account, -5) = ':bank' THEN substr(account, 7, length(account) - 11)
            WHEN substr(account, -7) = ':points' THEN substr(account, 7, length(account) - 13)
            WHEN rtrim(account, '0123456789') <> account AND substr(rtrim(account, '0123456789'), -6) = ':card:'
                THEN substr(account, 7, length(rtrim(account, '0123456789')) - 12)
            END AS user_key
        FROM (SELECT DISTINCT account FROM journal_postings WHERE substr(account, 1, 6) = 'buyer:')
        """,
        "CREATE INDEX temp.old_buyer_accounts_by_account ON old_buyer_accounts (account)",
        // A payment's postings belong to the payment's merchant.
        """
        UPDATE journal_postings SET account = 'buyer:' || (
            SELECT p.merchant_id FROM journal_entries e JOIN payments p ON p.pay_token = e.pay_token WHERE e.id = journal_postings.entry_id
        ) || substr(account, 6)
        WHERE substr(account, 1, 6) = 'buyer:'
            AND EXISTS (SELECT 1 FROM journal_entries e JOIN payments p ON p.pay_token = e.pay_token WHERE e.id = journal_postings.entry_id)
        """,
        // Postings without a payment go to the buyer's first merchant.
        """
        UPDATE journal_postings SET account = 'buyer:' || (
            SELECT COALESCE(MIN(o.merchant_id), 'sandbox') FROM old_buyer_accounts a JOIN buyer_owners o ON o.user_key = a.user_key
            WHERE a.account = journal_postings.account
        ) || substr(account, 6)
        WHERE substr(account, 1, 6) = 'buyer:'
            AND NOT EXISTS (SELECT 1 FROM journal_entries e JOIN payments p ON p.pay_token = e.pay_token WHERE e.id = journal_postings.entry_id)
        """,
        // Buyers keyed by merchant and userKey; the record names its merchant too.
        """
        CREATE TABLE users_by_merchant (
            merchant_id TEXT NOT NULL, user_key TEXT NOT NULL, record TEXT NOT NULL, PRIMARY KEY (merchant_id, user_key))
        """,
        """
        INSERT INTO users_by_merchant (merchant_id, user_key, record)
        SELECT o.merchant_id, u.user_key, CASE WHEN json_valid(u.record) THEN json_set(u.record, '$.merchantId', o.merchant_id) ELSE u.record END
        FROM users u JOIN buyer_owners o ON o.user_key = u.user_key
        """,
        "DROP TABLE users",
        "ALTER TABLE users_by_merchant RENAME TO users",
        // What each copy of a shared buyer should hold, minus what its accounts sum to.
        "CREATE TEMP TABLE shared_buyers AS SELECT user_key FROM buyer_owners GROUP BY user_key HAVING COUNT(*) > 1",
        """
        CREATE TEMP TABLE buyer_differences AS
        SELECT merchant_id, user_key, account, SUM(amount) AS amount FROM (
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':money' AS account,
                json_extract(u.record, '$.tossMoneyBalance') AS amount
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':points', json_extract(u.record, '$.points')
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':bank',
                json_extract(u.record, '$.bankAccount.balance')
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key WHERE json_type(u.record, '$.bankAccount') = 'object'
            UNION ALL
            SELECT u.merchant_id, u.user_key, 'buyer:' || u.merchant_id || ':' || u.user_key || ':card:' || json_extract(c.value, '$.companyCode'),
                CASE WHEN json_extract(c.value, '$.methodType') = 'CREDIT' THEN -json_extract(c.value, '$.used')
                    ELSE json_extract(c.value, '$.limit') END
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key, json_each(u.record, '$.cards') c
            UNION ALL
            SELECT u.merchant_id, u.user_key, jp.account, -jp.amount
            FROM users u JOIN shared_buyers s ON s.user_key = u.user_key
            JOIN old_buyer_accounts a ON a.user_key = u.user_key
            JOIN journal_postings jp ON jp.account = 'buyer:' || u.merchant_id || substr(a.account, 6)
        ) GROUP BY merchant_id, user_key, account
        """,
        """
        CREATE TEMP TABLE buyer_copy_entries AS
        SELECT merchant_id, user_key,
            (SELECT COALESCE(MAX(id), 0) FROM journal_entries) + ROW_NUMBER() OVER (ORDER BY merchant_id, user_key) AS entry_id
        FROM (SELECT DISTINCT merchant_id, user_key FROM buyer_differences WHERE amount <> 0)
        """,
        "INSERT INTO journal_entries (id, kind, pay_token) SELECT entry_id, 'OPEN', NULL FROM buyer_copy_entries",
        """
        INSERT INTO journal_postings (entry_id, account, amount)
        SELECT c.entry_id, d.account, d.amount FROM buyer_differences d
        JOIN buyer_copy_entries c ON c.merchant_id = d.merchant_id AND c.user_key = d.user_key
        WHERE d.amount <> 0 ORDER BY c.entry_id, d.account
        """,
        """
        INSERT INTO journal_postings (entry_id, account, amount)
        SELECT c.entry_id, 'world:funding', -SUM(d.amount) FROM buyer_differences d
        JOIN buyer_copy_entries c ON c.merchant_id = d.merchant_id AND c.user_key = d.user_key
        GROUP BY c.entry_id HAVING SUM(d.amount) <> 0
        """,
        "DROP TABLE temp.buyer_copy_entries",
        "DROP TABLE temp.buyer_differences",
        "DROP TABLE temp.shared_buyers",
        "DROP TABLE temp.old_buyer_accounts",
        "DROP TABLE temp.buyer_owners",
    ])
}
