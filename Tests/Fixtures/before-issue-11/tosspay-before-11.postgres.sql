--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_keys; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_keys (
    key_hash text NOT NULL COLLATE pg_catalog."C",
    merchant_id text NOT NULL COLLATE pg_catalog."C",
    kind text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: journal_entries; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.journal_entries (
    id bigint NOT NULL,
    kind text NOT NULL,
    pay_token text COLLATE pg_catalog."C",
    created_at bigint DEFAULT ((EXTRACT(epoch FROM clock_timestamp()) * (1000)::numeric))::bigint NOT NULL
);


--
-- Name: journal_entries_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.journal_entries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.journal_entries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: journal_postings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.journal_postings (
    entry_id bigint NOT NULL,
    "position" integer NOT NULL,
    account text NOT NULL COLLATE pg_catalog."C",
    amount bigint NOT NULL
);


--
-- Name: merchants; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.merchants (
    id text NOT NULL COLLATE pg_catalog."C",
    name text NOT NULL,
    created_at bigint NOT NULL
);


--
-- Name: order_numbers; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.order_numbers (
    merchant_id text NOT NULL COLLATE pg_catalog."C",
    order_no text NOT NULL COLLATE pg_catalog."C",
    first_used_at bigint NOT NULL
);


--
-- Name: payments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.payments (
    pay_token text NOT NULL COLLATE pg_catalog."C",
    merchant_id text NOT NULL COLLATE pg_catalog."C",
    order_no text NOT NULL COLLATE pg_catalog."C",
    mode text NOT NULL,
    user_key text NOT NULL COLLATE pg_catalog."C",
    status text NOT NULL,
    amount bigint NOT NULL,
    refunded_amount bigint NOT NULL,
    created_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    paid_at bigint,
    record text NOT NULL,
    seq bigint NOT NULL,
    CONSTRAINT payments_amount_check CHECK ((amount > 0)),
    CONSTRAINT payments_check CHECK (((refunded_amount >= 0) AND (refunded_amount <= amount)))
);


--
-- Name: payments_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.payments ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.payments_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: promotions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.promotions (
    id text NOT NULL COLLATE pg_catalog."C",
    merchant_id text NOT NULL COLLATE pg_catalog."C",
    record text NOT NULL,
    seq bigint NOT NULL
);


--
-- Name: promotions_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.promotions ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.promotions_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at bigint NOT NULL
);


--
-- Name: settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.settings (
    key text NOT NULL COLLATE pg_catalog."C",
    value text NOT NULL
);


--
-- Name: transactions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.transactions (
    transaction_id text NOT NULL COLLATE pg_catalog."C",
    pay_token text NOT NULL COLLATE pg_catalog."C",
    step_type text NOT NULL,
    transaction_amount bigint NOT NULL,
    refund_no text COLLATE pg_catalog."C",
    registered_at bigint NOT NULL,
    record text NOT NULL,
    seq bigint NOT NULL
);


--
-- Name: transactions_seq_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.transactions ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.transactions_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    user_key text NOT NULL COLLATE pg_catalog."C",
    record text NOT NULL
);


--
-- Data for Name: api_keys; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.api_keys VALUES ('4e87c8e9860468c3d4cfe5203d4fe301d3515d6af6c9d92f82cae180ecac5d60', 'sandbox', 'TEST', 0);
INSERT INTO public.api_keys VALUES ('f436d912b61a7e15a0efbe47db9aa2371408679a71b170d905c803fc5a94d013', 'sandbox', 'TEST', 0);
INSERT INTO public.api_keys VALUES ('22b0d5625b92bd890fcd24cf3cc8d515bd4f557c220dc5ec1cf63e94fba0d7ec', 'm_CKSvkhMp8jU9AXmKkcFS', 'TEST', 1796192466414);
INSERT INTO public.api_keys VALUES ('db1e1e267050f906f2ef0de4189d2699e832dc1b8940f2a4a387eff75cc765d4', 'm_CKSvkhMp8jU9AXmKkcFS', 'LIVE', 1796192466414);
INSERT INTO public.api_keys VALUES ('66b88093bab3caec90e057e262386189a67b6f8519de86aaceabea5e231d725c', 'm_C0LuMd9TpeP5JyOjkOKt', 'TEST', 1796192466461);
INSERT INTO public.api_keys VALUES ('29606e14afdc1053c2d7e044eabffae8d257d8a5d2b5cb36b3db7ce96e667e19', 'm_C0LuMd9TpeP5JyOjkOKt', 'LIVE', 1796192466461);


--
-- Data for Name: journal_entries; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (1, 'OPEN', NULL, 1796192466566);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (2, 'PAY', 'H6q8vvOWSvvixAP1Ymw6wC', 1796192466700);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (3, 'SETTLE', 'H6q8vvOWSvvixAP1Ymw6wC', 1796192466801);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (4, 'PAY', 'WehR69Vz599FZFLMpHh3HL', 1796192467069);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (5, 'REFUND', 'WehR69Vz599FZFLMpHh3HL', 1796192467148);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (6, 'PAY', 'K3ShYPfNPMcBJqL8NW8Ev8', 1796192467388);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (7, 'OPEN', NULL, 1796192467474);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (8, 'PAY', '4F3cp6Veo7mIzv4Jad7cyz', 1796192467620);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (9, 'OPEN', NULL, 1796192467699);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (10, 'PAY', 'TDgt9Z0W9616sxUsvIVDHm', 1796192467937);
INSERT INTO public.journal_entries OVERRIDING SYSTEM VALUE VALUES (11, 'OPEN', NULL, 1796192467991);


--
-- Data for Name: journal_postings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.journal_postings VALUES (1, 1, 'buyer:shared-buyer:bank', 10000000);
INSERT INTO public.journal_postings VALUES (1, 2, 'buyer:shared-buyer:money', 1000000);
INSERT INTO public.journal_postings VALUES (1, 3, 'world:funding', -11000000);
INSERT INTO public.journal_postings VALUES (2, 1, 'buyer:shared-buyer:money', -7000);
INSERT INTO public.journal_postings VALUES (2, 2, 'merchant:m_C0LuMd9TpeP5JyOjkOKt:sales', 7000);
INSERT INTO public.journal_postings VALUES (3, 1, 'merchant:m_C0LuMd9TpeP5JyOjkOKt:sales', -7000);
INSERT INTO public.journal_postings VALUES (3, 2, 'merchant:m_C0LuMd9TpeP5JyOjkOKt:settled', 7000);
INSERT INTO public.journal_postings VALUES (4, 1, 'buyer:shared-buyer:money', -30000);
INSERT INTO public.journal_postings VALUES (4, 2, 'merchant:m_CKSvkhMp8jU9AXmKkcFS:sales', 30000);
INSERT INTO public.journal_postings VALUES (5, 1, 'buyer:shared-buyer:money', 10000);
INSERT INTO public.journal_postings VALUES (5, 2, 'merchant:m_CKSvkhMp8jU9AXmKkcFS:sales', -10000);
INSERT INTO public.journal_postings VALUES (6, 1, 'buyer:shared-buyer:card:4', -20000);
INSERT INTO public.journal_postings VALUES (6, 2, 'merchant:m_C0LuMd9TpeP5JyOjkOKt:sales', 20000);
INSERT INTO public.journal_postings VALUES (7, 1, 'buyer:alpha-only:bank', 10000000);
INSERT INTO public.journal_postings VALUES (7, 2, 'buyer:alpha-only:money', 1000000);
INSERT INTO public.journal_postings VALUES (7, 3, 'world:funding', -11000000);
INSERT INTO public.journal_postings VALUES (8, 1, 'buyer:alpha-only:money', -5000);
INSERT INTO public.journal_postings VALUES (8, 2, 'merchant:m_CKSvkhMp8jU9AXmKkcFS:sales', 5000);
INSERT INTO public.journal_postings VALUES (9, 1, 'buyer:full-card-buyer:bank', 10000000);
INSERT INTO public.journal_postings VALUES (9, 2, 'buyer:full-card-buyer:money', 50000);
INSERT INTO public.journal_postings VALUES (9, 3, 'world:funding', -10050000);
INSERT INTO public.journal_postings VALUES (10, 1, 'buyer:full-card-buyer:card:4', -1200);
INSERT INTO public.journal_postings VALUES (10, 2, 'merchant:m_CKSvkhMp8jU9AXmKkcFS:sales', 1200);
INSERT INTO public.journal_postings VALUES (11, 1, 'buyer:unused-buyer:bank', 10000000);
INSERT INTO public.journal_postings VALUES (11, 2, 'buyer:unused-buyer:money', 123000);
INSERT INTO public.journal_postings VALUES (11, 3, 'buyer:unused-buyer:points', 4500);
INSERT INTO public.journal_postings VALUES (11, 4, 'world:funding', -10127500);


--
-- Data for Name: merchants; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.merchants VALUES ('sandbox', '샌드박스 가맹점', 0);
INSERT INTO public.merchants VALUES ('m_CKSvkhMp8jU9AXmKkcFS', 'Alpha Shop', 1796192466414);
INSERT INTO public.merchants VALUES ('m_C0LuMd9TpeP5JyOjkOKt', 'Beta Shop', 1796192466461);


--
-- Data for Name: order_numbers; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.order_numbers VALUES ('m_C0LuMd9TpeP5JyOjkOKt', 'B-settled-7000', 1796192466562);
INSERT INTO public.order_numbers VALUES ('m_CKSvkhMp8jU9AXmKkcFS', 'A-shared-30000', 1827732066933);
INSERT INTO public.order_numbers VALUES ('m_C0LuMd9TpeP5JyOjkOKt', 'B-shared-20000', 1827732067223);
INSERT INTO public.order_numbers VALUES ('m_CKSvkhMp8jU9AXmKkcFS', 'A-alpha-5000', 1827732067470);
INSERT INTO public.order_numbers VALUES ('m_CKSvkhMp8jU9AXmKkcFS', 'A-full-card-1200', 1827732067777);
INSERT INTO public.order_numbers VALUES ('m_CKSvkhMp8jU9AXmKkcFS', 'A-standby-3000', 1827732068070);


--
-- Data for Name: payments; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('H6q8vvOWSvvixAP1Ymw6wC', 'm_C0LuMd9TpeP5JyOjkOKt', 'B-settled-7000', 'TEST', 'shared-buyer', 'SETTLEMENT_COMPLETE', 7000, 0, 1796192466562, 1796193366562, 1796192466694, '{"cashReceiptTradeOption":"GENERAL","amount":7000,"userKey":"shared-buyer","cashReceipt":false,"enablePayMethods":"ALL","refunded":{"points":0,"paid":0,"promotion":0},"mode":"TEST","orderNo":"B-settled-7000","status":"SETTLEMENT_COMPLETE","expiresAt":1796193366562,"settledAt":1827732066797,"payToken":"H6q8vvOWSvvixAP1Ymw6wC","createdAt":1796192466562,"execution":{"transactionId":"9878aa5a-afd6-43e1-82b4-dacb4e2d0be7","promotionAmount":0,"pointAmount":0,"account":{"bankName":"토스뱅크","maskedNumber":"100******793","bankCode":"092"},"paidAt":1796192466694,"paidAmount":7000},"merchantId":"m_C0LuMd9TpeP5JyOjkOKt","method":{"authorizedAt":1796192466629,"payMethod":"TOSS_MONEY","promotionAmount":0,"pointAmount":0,"spreadOut":0},"taxSplit":{"taxFree":0,"taxable":6363,"vat":637,"serviceFee":0},"productDesc":"Beta settled order","installment":"USE","firstAuthenticatedAt":1796192466629}', 1);
INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('WehR69Vz599FZFLMpHh3HL', 'm_CKSvkhMp8jU9AXmKkcFS', 'A-shared-30000', 'TEST', 'shared-buyer', 'REFUND_SUCCESS', 30000, 10000, 1827732066933, 1827732966933, 1827732067064, '{"status":"REFUND_SUCCESS","productDesc":"Alpha order shared buyer","payToken":"WehR69Vz599FZFLMpHh3HL","cashReceiptTradeOption":"GENERAL","expiresAt":1827732966933,"refunded":{"promotion":0,"points":0,"paid":10000},"createdAt":1827732066933,"cashReceipt":false,"execution":{"promotionAmount":0,"pointAmount":0,"account":{"bankName":"토스뱅크","maskedNumber":"100******793","bankCode":"092"},"paidAmount":30000,"transactionId":"cddc4adf-710a-4013-997b-0929874ea788","paidAt":1827732067064},"installment":"USE","firstAuthenticatedAt":1827732066998,"userKey":"shared-buyer","mode":"TEST","merchantId":"m_CKSvkhMp8jU9AXmKkcFS","method":{"payMethod":"TOSS_MONEY","spreadOut":0,"pointAmount":0,"authorizedAt":1827732066998,"promotionAmount":0},"taxSplit":{"taxFree":0,"taxable":27272,"vat":2728,"serviceFee":0},"orderNo":"A-shared-30000","amount":30000,"enablePayMethods":"ALL"}', 2);
INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('K3ShYPfNPMcBJqL8NW8Ev8', 'm_C0LuMd9TpeP5JyOjkOKt', 'B-shared-20000', 'TEST', 'shared-buyer', 'PAY_COMPLETE', 20000, 0, 1827732067223, 1827732967223, 1827732067382, '{"expiresAt":1827732967223,"merchantId":"m_C0LuMd9TpeP5JyOjkOKt","cashReceipt":false,"payToken":"K3ShYPfNPMcBJqL8NW8Ev8","orderNo":"B-shared-20000","productDesc":"Beta order shared buyer","cashReceiptTradeOption":"GENERAL","userKey":"shared-buyer","mode":"TEST","amount":20000,"taxSplit":{"vat":1819,"taxable":18181,"serviceFee":0,"taxFree":0},"installment":"USE","createdAt":1827732067223,"execution":{"paidAmount":20000,"paidAt":1827732067382,"card":{"userType":"PERSONAL","binNumber":"544444","companyCode":4,"methodType":"CREDIT","spreadOut":0,"companyName":"국민","maskedNumber":"544444******5870","last4":"5870","authorizationNo":"79136319","noInterest":false},"pointAmount":0,"transactionId":"7ee91363-e19a-4070-a99d-8b70e82ac9e9","promotionAmount":0},"status":"PAY_COMPLETE","method":{"payMethod":"CARD","spreadOut":0,"cardCompanyCode":4,"authorizedAt":1827732067308,"pointAmount":0,"promotionAmount":0},"firstAuthenticatedAt":1827732067308,"enablePayMethods":"ALL","refunded":{"paid":0,"points":0,"promotion":0}}', 3);
INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('4F3cp6Veo7mIzv4Jad7cyz', 'm_CKSvkhMp8jU9AXmKkcFS', 'A-alpha-5000', 'TEST', 'alpha-only', 'PAY_COMPLETE', 5000, 0, 1827732067470, 1827732967470, 1827732067615, '{"enablePayMethods":"ALL","cashReceipt":false,"merchantId":"m_CKSvkhMp8jU9AXmKkcFS","firstAuthenticatedAt":1827732067543,"userKey":"alpha-only","createdAt":1827732067470,"refunded":{"points":0,"promotion":0,"paid":0},"payToken":"4F3cp6Veo7mIzv4Jad7cyz","method":{"payMethod":"TOSS_MONEY","spreadOut":0,"authorizedAt":1827732067543,"pointAmount":0,"promotionAmount":0},"taxSplit":{"taxFree":0,"taxable":4545,"serviceFee":0,"vat":455},"mode":"TEST","status":"PAY_COMPLETE","amount":5000,"orderNo":"A-alpha-5000","cashReceiptTradeOption":"GENERAL","productDesc":"Alpha order alpha only","installment":"USE","execution":{"paidAmount":5000,"transactionId":"8626e4be-260d-45cb-8be1-86f03f3423ac","paidAt":1827732067615,"pointAmount":0,"promotionAmount":0,"account":{"bankCode":"092","maskedNumber":"100******965","bankName":"토스뱅크"}},"expiresAt":1827732967470}', 4);
INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('TDgt9Z0W9616sxUsvIVDHm', 'm_CKSvkhMp8jU9AXmKkcFS', 'A-full-card-1200', 'TEST', 'full-card-buyer', 'PAY_COMPLETE', 1200, 0, 1827732067777, 1827732967777, 1827732067931, '{"payToken":"TDgt9Z0W9616sxUsvIVDHm","enablePayMethods":"ALL","taxSplit":{"vat":110,"taxable":1090,"taxFree":0,"serviceFee":0},"method":{"cardCompanyCode":4,"pointAmount":0,"payMethod":"CARD","authorizedAt":1827732067855,"spreadOut":0,"promotionAmount":0},"refunded":{"paid":0,"points":0,"promotion":0},"merchantId":"m_CKSvkhMp8jU9AXmKkcFS","installment":"USE","cashReceipt":false,"cashReceiptTradeOption":"GENERAL","mode":"TEST","productDesc":"Alpha order full card","firstAuthenticatedAt":1827732067855,"orderNo":"A-full-card-1200","status":"PAY_COMPLETE","userKey":"full-card-buyer","amount":1200,"createdAt":1827732067777,"expiresAt":1827732967777,"execution":{"paidAmount":1200,"card":{"userType":"PERSONAL","binNumber":"541234","companyCode":4,"methodType":"CREDIT","spreadOut":0,"companyName":"국민","maskedNumber":"541234******9876","last4":"9876","authorizationNo":"84961214","noInterest":false},"pointAmount":0,"transactionId":"d849c61b-21ae-479a-8809-fe37dc657c33","paidAt":1827732067931,"promotionAmount":0}}', 5);
INSERT INTO public.payments OVERRIDING SYSTEM VALUE VALUES ('PsgYudzWfzA4c7ZkZfJlZQ', 'm_CKSvkhMp8jU9AXmKkcFS', 'A-standby-3000', 'TEST', 'alpha-only', 'PAY_STANDBY', 3000, 0, 1827732068070, 1827732968070, NULL, '{"taxSplit":{"taxable":2727,"vat":273,"serviceFee":0,"taxFree":0},"mode":"TEST","payToken":"PsgYudzWfzA4c7ZkZfJlZQ","cashReceiptTradeOption":"GENERAL","merchantId":"m_CKSvkhMp8jU9AXmKkcFS","userKey":"alpha-only","expiresAt":1827732968070,"cashReceipt":false,"productDesc":"Alpha order never authorized","orderNo":"A-standby-3000","enablePayMethods":"ALL","status":"PAY_STANDBY","installment":"USE","createdAt":1827732068070,"amount":3000,"refunded":{"points":0,"paid":0,"promotion":0}}', 6);


--
-- Data for Name: promotions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, 'initial', 1796192466);
INSERT INTO public.schema_migrations VALUES (2, 'promotions', 1796192466);
INSERT INTO public.schema_migrations VALUES (3, 'payments by merchant', 1796192466);


--
-- Data for Name: settings; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.settings VALUES ('clock.offsetMillis', '31539600000');


--
-- Data for Name: transactions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('9878aa5a-afd6-43e1-82b4-dacb4e2d0be7', 'H6q8vvOWSvvixAP1Ymw6wC', 'PAY', 7000, NULL, 1796192466694, '{"discountedAmount":0,"paidAmount":7000,"stepType":"PAY","payToken":"H6q8vvOWSvvixAP1Ymw6wC","registeredAt":1796192466694,"transactionAmount":7000,"transactionId":"9878aa5a-afd6-43e1-82b4-dacb4e2d0be7","pointAmount":0}', 1);
INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('cddc4adf-710a-4013-997b-0929874ea788', 'WehR69Vz599FZFLMpHh3HL', 'PAY', 30000, NULL, 1827732067064, '{"payToken":"WehR69Vz599FZFLMpHh3HL","stepType":"PAY","paidAmount":30000,"discountedAmount":0,"pointAmount":0,"transactionId":"cddc4adf-710a-4013-997b-0929874ea788","registeredAt":1827732067064,"transactionAmount":30000}', 2);
INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('b0f1027b-9cf8-47ce-b053-1e3796e7baac', 'WehR69Vz599FZFLMpHh3HL', 'REFUND', -10000, 'A-shared-30000-refund-1', 1827732067141, '{"pointAmount":0,"transactionAmount":-10000,"reason":"부분 환불","discountedAmount":0,"paidAmount":-10000,"paidAfter":20000,"transactionId":"b0f1027b-9cf8-47ce-b053-1e3796e7baac","registeredAt":1827732067141,"requestFingerprint":"WehR69Vz599FZFLMpHh3HL|부분 환불|TEST|10000|-|-|-|-","stepType":"REFUND","discountedAfter":0,"refundNo":"A-shared-30000-refund-1","taxSplit":{"vat":909,"taxable":9091,"serviceFee":0,"taxFree":0},"payToken":"WehR69Vz599FZFLMpHh3HL","refundableAfter":20000}', 3);
INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('7ee91363-e19a-4070-a99d-8b70e82ac9e9', 'K3ShYPfNPMcBJqL8NW8Ev8', 'PAY', 20000, NULL, 1827732067382, '{"paidAmount":20000,"transactionAmount":20000,"pointAmount":0,"registeredAt":1827732067382,"payToken":"K3ShYPfNPMcBJqL8NW8Ev8","discountedAmount":0,"transactionId":"7ee91363-e19a-4070-a99d-8b70e82ac9e9","stepType":"PAY"}', 4);
INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('8626e4be-260d-45cb-8be1-86f03f3423ac', '4F3cp6Veo7mIzv4Jad7cyz', 'PAY', 5000, NULL, 1827732067615, '{"transactionId":"8626e4be-260d-45cb-8be1-86f03f3423ac","registeredAt":1827732067615,"paidAmount":5000,"transactionAmount":5000,"payToken":"4F3cp6Veo7mIzv4Jad7cyz","pointAmount":0,"discountedAmount":0,"stepType":"PAY"}', 5);
INSERT INTO public.transactions OVERRIDING SYSTEM VALUE VALUES ('d849c61b-21ae-479a-8809-fe37dc657c33', 'TDgt9Z0W9616sxUsvIVDHm', 'PAY', 1200, NULL, 1827732067931, '{"paidAmount":1200,"transactionAmount":1200,"pointAmount":0,"transactionId":"d849c61b-21ae-479a-8809-fe37dc657c33","stepType":"PAY","discountedAmount":0,"payToken":"TDgt9Z0W9616sxUsvIVDHm","registeredAt":1827732067931}', 6);


--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES ('alpha-only', '{"cards":[{"number":"5411116951972847","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":1,"limit":5000000},{"number":"5422228131313117","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":2,"limit":5000000},{"number":"5433339604508377","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":3,"limit":5000000},{"number":"5444442110333157","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":4,"limit":5000000},{"number":"5455555919715804","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":5,"limit":5000000},{"number":"5466660251573865","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":6,"limit":5000000},{"number":"5477770534580780","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":7,"limit":5000000},{"number":"5488886212465464","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":8,"limit":5000000},{"number":"5511103958642551","userType":"PERSONAL","used":0,"methodType":"CREDIT","companyCode":10,"limit":5000000}],"userKey":"alpha-only","points":0,"status":"ACTIVE","tossMoneyBalance":995000,"bankAccount":{"accountNumber":"100125113965","bankCode":"092","balance":10000000}}');
INSERT INTO public.users VALUES ('full-card-buyer', '{"cards":[{"number":"5412345678909876","companyCode":4,"methodType":"CREDIT","userType":"PERSONAL","limit":1000000,"used":1200}],"bankAccount":{"balance":10000000,"accountNumber":"100267286946","bankCode":"092"},"userKey":"full-card-buyer","points":0,"status":"ACTIVE","tossMoneyBalance":50000}');
INSERT INTO public.users VALUES ('shared-buyer', '{"tossMoneyBalance":973000,"cards":[{"limit":5000000,"used":0,"companyCode":1,"methodType":"CREDIT","number":"5411117775333295","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":2,"methodType":"CREDIT","number":"5422222696387516","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":3,"methodType":"CREDIT","number":"5433337581305103","userType":"PERSONAL"},{"limit":5000000,"used":20000,"companyCode":4,"methodType":"CREDIT","number":"5444446431325870","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":5,"methodType":"CREDIT","number":"5455555302647829","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":6,"methodType":"CREDIT","number":"5466660272417587","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":7,"methodType":"CREDIT","number":"5477771919703621","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":8,"methodType":"CREDIT","number":"5488889219898865","userType":"PERSONAL"},{"limit":5000000,"used":0,"companyCode":10,"methodType":"CREDIT","number":"5511104714735382","userType":"PERSONAL"}],"userKey":"shared-buyer","points":0,"status":"ACTIVE","bankAccount":{"accountNumber":"100820122793","bankCode":"092","balance":10000000}}');
INSERT INTO public.users VALUES ('unused-buyer', '{"bankAccount":{"bankCode":"092","accountNumber":"100239288986","balance":10000000},"userKey":"unused-buyer","tossMoneyBalance":123000,"status":"ACTIVE","cards":[{"userType":"PERSONAL","limit":5000000,"companyCode":1,"number":"5411118756416167","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":2,"number":"5422222024043711","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":3,"number":"5433331288003125","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":4,"number":"5444443557253409","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":5,"number":"5455553796670865","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":6,"number":"5466661416624770","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":7,"number":"5477773455668332","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":8,"number":"5488885675016809","methodType":"CREDIT","used":0},{"userType":"PERSONAL","limit":5000000,"companyCode":10,"number":"5511104374812059","methodType":"CREDIT","used":0}],"points":4500}');


--
-- Name: journal_entries_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.journal_entries_id_seq', 11, true);


--
-- Name: payments_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.payments_seq_seq', 6, true);


--
-- Name: promotions_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.promotions_seq_seq', 1, false);


--
-- Name: transactions_seq_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.transactions_seq_seq', 6, true);


--
-- Name: api_keys api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (key_hash);


--
-- Name: journal_entries journal_entries_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal_entries
    ADD CONSTRAINT journal_entries_pkey PRIMARY KEY (id);


--
-- Name: journal_postings journal_postings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal_postings
    ADD CONSTRAINT journal_postings_pkey PRIMARY KEY (entry_id, "position");


--
-- Name: merchants merchants_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.merchants
    ADD CONSTRAINT merchants_pkey PRIMARY KEY (id);


--
-- Name: order_numbers order_numbers_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.order_numbers
    ADD CONSTRAINT order_numbers_pkey PRIMARY KEY (merchant_id, order_no);


--
-- Name: payments payments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.payments
    ADD CONSTRAINT payments_pkey PRIMARY KEY (pay_token);


--
-- Name: promotions promotions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promotions
    ADD CONSTRAINT promotions_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: settings settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.settings
    ADD CONSTRAINT settings_pkey PRIMARY KEY (key);


--
-- Name: transactions transactions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_pkey PRIMARY KEY (transaction_id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (user_key);


--
-- Name: journal_entries_by_payment; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX journal_entries_by_payment ON public.journal_entries USING btree (pay_token);


--
-- Name: journal_postings_by_account; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX journal_postings_by_account ON public.journal_postings USING btree (account);


--
-- Name: payments_by_merchant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_by_merchant ON public.payments USING btree (merchant_id, created_at);


--
-- Name: payments_by_order; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_by_order ON public.payments USING btree (merchant_id, order_no, created_at);


--
-- Name: payments_settleable; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_settleable ON public.payments USING btree (paid_at) WHERE (status = ANY (ARRAY['PAY_COMPLETE'::text, 'REFUND_SUCCESS'::text]));


--
-- Name: payments_waiting; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX payments_waiting ON public.payments USING btree (expires_at) WHERE (status = ANY (ARRAY['PAY_STANDBY'::text, 'PAY_APPROVED'::text]));


--
-- Name: promotions_by_merchant; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX promotions_by_merchant ON public.promotions USING btree (merchant_id, seq);


--
-- Name: transactions_by_payment; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX transactions_by_payment ON public.transactions USING btree (pay_token, registered_at, seq);


--
-- Name: transactions_one_pay; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX transactions_one_pay ON public.transactions USING btree (pay_token) WHERE (step_type = 'PAY'::text);


--
-- Name: transactions_refund_no; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX transactions_refund_no ON public.transactions USING btree (pay_token, refund_no) WHERE (refund_no IS NOT NULL);


--
-- Name: api_keys api_keys_merchant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_merchant_id_fkey FOREIGN KEY (merchant_id) REFERENCES public.merchants(id);


--
-- Name: journal_postings journal_postings_entry_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.journal_postings
    ADD CONSTRAINT journal_postings_entry_id_fkey FOREIGN KEY (entry_id) REFERENCES public.journal_entries(id);


--
-- Name: promotions promotions_merchant_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.promotions
    ADD CONSTRAINT promotions_merchant_id_fkey FOREIGN KEY (merchant_id) REFERENCES public.merchants(id);


--
-- Name: transactions transactions_pay_token_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.transactions
    ADD CONSTRAINT transactions_pay_token_fkey FOREIGN KEY (pay_token) REFERENCES public.payments(pay_token);


--
-- PostgreSQL database dump complete
--


