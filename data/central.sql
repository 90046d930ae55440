-- data/central.sql: the central store (PostgreSQL 15), made by
-- `creditdesk central init CONNINFO` as a role that may create roles.
--
-- The protocol is these functions.  An office connects as its own login
-- role, a member of cd_office, which may call cd.push, cd.pull,
-- cd.hello, cd.conflicts and cd.resolve and read what row-level security
-- lets it see; it has no right to write a table.
--
--   cd.row       every replicated row, latest state, as JSON; scopes
--                names the units whose offices may see it ('*': all).
--                server_seq is the change feed: a row changed gets the
--                next number, and pushes are serialised (one advisory
--                lock) so that numbers are given in commit order.
--   cd.op        every op received, with its answer: (node, seq) is the
--                key, the same op again is a duplicate, the same key
--                with another content is refused.
--   cd.alias     ids an office made for a row the store already had
--                under another id (a subject entered at two offices).
--   cd.secret    users' password hashes: only an office of the user's
--                own unit may read them.
--   cd.conflict  ops that changed a field another office changed
--                first, until a supervisor decides.
--
-- Partitioning when a city outgrows one server: see README ("The
-- central store").
--
-- Every statement may run again on a live store: `creditdesk central
-- upgrade CONNINFO` runs this file once more, in one transaction, to
-- bring a store made by an older creditdesk up to this one (its
-- functions are the protocol and are replaced; its tables and rows stay).
-- So: tables and indexes IF NOT EXISTS, a table's new column as ALTER
-- TABLE ... ADD COLUMN IF NOT EXISTS, functions CREATE OR REPLACE (one
-- whose parameters or result change is dropped first: DROP FUNCTION IF
-- EXISTS with the old signature), policies dropped and made again.

CREATE SCHEMA IF NOT EXISTS cd;

CREATE TABLE IF NOT EXISTS cd.office (
	role       name PRIMARY KEY,
	unit_name  text NOT NULL,
	sign_key   text UNIQUE,  -- the office's Ed25519 public key (base64): its bundles
	created_at timestamptz NOT NULL DEFAULT now()
);

-- The store's own Ed25519 key pair (base64), made by `central init`:
-- offices seal their bundles to the public half and check return
-- bundles against it; the secret half opens and signs them and is given
-- only to couriers (cd.courier_key).
CREATE TABLE IF NOT EXISTS cd.key (
	one        boolean PRIMARY KEY DEFAULT true CHECK (one),
	public     text NOT NULL,
	secret     text NOT NULL
);

CREATE TABLE IF NOT EXISTS cd.node (
	node     text PRIMARY KEY,
	role     name NOT NULL REFERENCES cd.office(role),
	next_seq bigint NOT NULL DEFAULT 1,
	last_at  timestamptz
);

CREATE TABLE IF NOT EXISTS cd.op (
	node         text NOT NULL,
	seq          bigint NOT NULL,
	id           text NOT NULL UNIQUE,
	hlc          text NOT NULL,
	kind         text NOT NULL,
	entity       text NOT NULL,
	entity_id    text NOT NULL,
	base_version int,
	payload      jsonb NOT NULL,
	actor        text NOT NULL,
	at           text NOT NULL,
	result       text NOT NULL
	             CHECK (result IN ('accepted', 'merged', 'rejected', 'conflict')),
	reason       text,
	server_seq   bigint,
	received_at  timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (node, seq)
);

CREATE SEQUENCE IF NOT EXISTS cd.feed;

CREATE TABLE IF NOT EXISTS cd.row (
	entity      text NOT NULL,
	id          text NOT NULL,
	row_version int,
	data        jsonb NOT NULL,
	scopes      text[] NOT NULL,
	server_seq  bigint NOT NULL,
	hlc         text,
	-- the node whose op made this version as that office has it (its
	-- own insert or update, applied as sent): its pull skips the row,
	-- which it has already; NULL once the store made the row otherwise
	-- (a merge, an alias, a resolution, another office's change)
	origin      text,
	PRIMARY KEY (entity, id)
);
CREATE OR REPLACE FUNCTION cd.subject_key(p_entity text, p jsonb) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN p_entity = 'subject' THEN (p->>'id_type') || ' ' || (p->>'id_number') END
$$;
CREATE INDEX IF NOT EXISTS row_feed ON cd.row (server_seq);
CREATE INDEX IF NOT EXISTS row_scopes ON cd.row USING gin (scopes);
-- A subject's identifier as one expression that names the entity too:
-- with a partial index (WHERE entity = 'subject') the plan a push's
-- session made while the table was small went on scanning every subject
-- by the primary key's entity prefix (1 ms an insert at 50k subjects:
-- a 100k-op push took 70 s instead of 14).  This expression cannot be
-- answered from the primary key.  NULL for every other row.
CREATE INDEX IF NOT EXISTS row_subject_key ON cd.row ((cd.subject_key(entity, data)));

CREATE TABLE IF NOT EXISTS cd.alias (
	entity  text NOT NULL,
	from_id text NOT NULL,
	to_id   text NOT NULL,
	node    text NOT NULL,
	PRIMARY KEY (entity, from_id)
);

CREATE TABLE IF NOT EXISTS cd.secret (
	id      text PRIMARY KEY,
	unit_id text NOT NULL,
	pwhash  text NOT NULL
);

CREATE TABLE IF NOT EXISTS cd.conflict (
	id          bigserial PRIMARY KEY,
	node        text NOT NULL,
	seq         bigint NOT NULL,
	entity      text NOT NULL,
	entity_id   text NOT NULL,
	scopes      text[] NOT NULL,
	fields      jsonb NOT NULL, -- {field: {"central": v, "office": v, "was": v}}
	actor       text NOT NULL,
	status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
	resolution  text CHECK (resolution IN ('central', 'office')),
	resolved_by text,
	resolved_at timestamptz,
	reason      text,
	UNIQUE (node, seq)
);

-- ---- jurisdiction ----

-- The unit of an office's role (NULL until the unit has reached the
-- store).  Functions take the role whose jurisdiction applies: the
-- caller's own (session_user), or, for a bundle a courier carries, the
-- office that signed it.
CREATE OR REPLACE FUNCTION cd.unit_of(p_role name) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT r.id FROM cd.office o JOIN cd.row r
	  ON r.entity = 'unit' AND r.data->>'name' = o.unit_name
	 AND r.data->>'status' = 'active'
	 WHERE o.role = p_role
$$;

-- The units below the role's (and its own): what it may write.
CREATE OR REPLACE FUNCTION cd.subtree_of(p_role name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	WITH RECURSIVE down(id) AS (
		SELECT cd.unit_of(p_role)
		UNION
		SELECT r.id FROM cd.row r JOIN down d
		  ON r.entity = 'unit' AND r.data->>'parent_id' = d.id)
	SELECT coalesce(array_agg(id), '{}') FROM down WHERE id IS NOT NULL
$$;

-- What the role may read: its subtree, the units above it (a township
-- answers for the county's lists) and what is for all ('*').
CREATE OR REPLACE FUNCTION cd.units_of(p_role name) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	WITH RECURSIVE up(id, parent) AS (
		SELECT r.id, r.data->>'parent_id' FROM cd.row r
		 WHERE r.entity = 'unit' AND r.id = cd.unit_of(p_role)
		UNION
		SELECT r.id, r.data->>'parent_id' FROM cd.row r JOIN up
		  ON r.entity = 'unit' AND r.id = up.parent)
	SELECT cd.subtree_of(p_role) || coalesce((SELECT array_agg(id) FROM up), '{}')
	       || ARRAY['*']
$$;

CREATE OR REPLACE FUNCTION cd.my_unit() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.unit_of(session_user)
$$;
CREATE OR REPLACE FUNCTION cd.my_subtree() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.subtree_of(session_user)
$$;
CREATE OR REPLACE FUNCTION cd.my_units() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.units_of(session_user)
$$;

-- Whether an office of unit p_unit, reading units p_units, sees a row:
-- users only at their own unit, everything else by scope.
CREATE OR REPLACE FUNCTION cd.may_see(p_entity text, p_scopes text[], p_units text[], p_unit text)
RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN p_entity = 'app_user' THEN p_scopes && ARRAY[p_unit]
	            ELSE p_scopes && p_units END
$$;

ALTER TABLE cd.row ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS row_jurisdiction ON cd.row;
CREATE POLICY row_jurisdiction ON cd.row FOR SELECT
	USING (cd.may_see(entity, scopes, (SELECT cd.my_units()), (SELECT cd.my_unit())));
ALTER TABLE cd.secret ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS secret_own_unit ON cd.secret;
CREATE POLICY secret_own_unit ON cd.secret FOR SELECT
	USING (unit_id = (SELECT cd.my_unit()));
ALTER TABLE cd.conflict ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS conflict_jurisdiction ON cd.conflict;
CREATE POLICY conflict_jurisdiction ON cd.conflict FOR SELECT
	USING (scopes && (SELECT cd.my_units()));

-- ---- applying one op ----

-- Ids in a payload that name rows of other entities, through aliases.
CREATE OR REPLACE FUNCTION cd.dealias(p jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
	refs constant text[][] := ARRAY[
		['subject_id', 'subject'], ['item_id', 'catalog_item'],
		['unit_id', 'unit'], ['parent_id', 'unit']];
	to_id text;
BEGIN
	IF p IS NULL THEN RETURN p; END IF;
	FOR i IN 1 .. array_length(refs, 1) LOOP
		IF p ? refs[i][1] AND jsonb_typeof(p->refs[i][1]) = 'string' THEN
			SELECT a.to_id INTO to_id FROM cd.alias a
			 WHERE a.entity = refs[i][2] AND a.from_id = p->>refs[i][1];
			IF FOUND THEN p := jsonb_set(p, ARRAY[refs[i][1]], to_jsonb(to_id)); END IF;
		END IF;
	END LOOP;
	RETURN p;
END $$;

-- The row that holds the same thing under another id: a subject by its
-- identifier, a unit by its name, a catalog item by its code.
CREATE OR REPLACE FUNCTION cd.same_row(p_entity text, p jsonb) RETURNS text
LANGUAGE plpgsql STABLE SET enable_seqscan = off AS $$
-- One query per kind, so that each uses its index: a single query with
-- a CASE on the entity read every row of the entity for each insert (a
-- 100k-op push was quadratic: bench/sync_bench.sh).  No sequential scan:
-- a session's plan is made once, maybe while cd.row is small (tried on
-- the whole push instead, it made the push slower).  Records, cases and
-- the rest are never merged: no query at all.
DECLARE
	found_id text;
BEGIN
	IF p_entity = 'subject' THEN
		SELECT r.id INTO found_id FROM cd.row r
		 WHERE cd.subject_key(r.entity, r.data) = cd.subject_key('subject', p)
		   AND r.id <> p->>'id' LIMIT 1;
	ELSIF p_entity = 'unit' THEN
		SELECT r.id INTO found_id FROM cd.row r
		 WHERE r.entity = 'unit' AND r.data->>'name' = p->>'name'
		   AND r.data->>'status' = 'active' AND r.id <> p->>'id' LIMIT 1;
	ELSIF p_entity = 'catalog_item' THEN
		SELECT r.id INTO found_id FROM cd.row r
		 WHERE r.entity = 'catalog_item' AND r.data->>'code' = p->>'code'
		   AND r.data->>'catalog_version' = p->>'catalog_version'
		   AND r.id <> p->>'id' LIMIT 1;
	ELSIF p_entity = 'calendar_day' AND p->>'status' = 'active' THEN
		SELECT r.id INTO found_id FROM cd.row r
		 WHERE r.entity = 'calendar_day' AND r.data->>'day' = p->>'day'
		   AND r.data->>'status' = 'active' AND r.id <> p->>'id' LIMIT 1;
	END IF;
	RETURN found_id;
END $$;

-- The State Council's holidays and adjusted working days as shipped
-- with creditdesk (data/holidays.tsv), loaded by central init and
-- upgrade (cd.holidays_load); the administrators' calendar entries
-- (calendar_day rows) lie over them, as at the office (core/workday.c).
CREATE TABLE IF NOT EXISTS cd.holiday (
	day  date PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
	name text NOT NULL
);

-- tsv: lines "day<TAB>kind<TAB>name", # comments; the table made equal
-- to it.
CREATE OR REPLACE FUNCTION cd.holidays_load(tsv text) RETURNS void
LANGUAGE sql AS $$
	DELETE FROM cd.holiday;
	INSERT INTO cd.holiday
	SELECT f[1]::date, f[2], f[3] FROM (
		SELECT string_to_array(l, E'\t') AS f
		  FROM regexp_split_to_table(tsv, E'\n') AS l
		 WHERE l <> '' AND l NOT LIKE '#%') x
	 WHERE array_length(f, 1) = 3;
$$;

-- Whether d is a working day: an administrator's entry, else the
-- shipped table, else Monday to Friday.
CREATE OR REPLACE FUNCTION cd.is_workday(d date) RETURNS boolean
LANGUAGE sql STABLE SET search_path = cd, pg_temp AS $$
	SELECT coalesce(
		(SELECT CASE r.data->>'kind' WHEN 'workday' THEN true WHEN 'holiday' THEN false
		        ELSE extract(isodow FROM d) < 6 END
		   FROM cd.row r WHERE r.entity = 'calendar_day' AND r.data->>'day' = d::text
		    AND r.data->>'status' = 'active' LIMIT 1),
		(SELECT h.kind = 'workday' FROM cd.holiday h WHERE h.day = d),
		extract(isodow FROM d) < 6)
$$;

-- The n-th working day after d (core/workday.c: workday_add).
CREATE OR REPLACE FUNCTION cd.workday_add(d date, n int) RETURNS date
LANGUAGE plpgsql STABLE SET search_path = cd, pg_temp AS $$
DECLARE
	x date := d;
	left_ int := n;
BEGIN
	WHILE left_ > 0 LOOP
		x := x + 1;
		IF cd.is_workday(x) THEN left_ := left_ - 1; END IF;
	END LOOP;
	RETURN x;
END $$;

CREATE OR REPLACE FUNCTION cd.user_role(p_user text) RETURNS text
LANGUAGE sql STABLE SET search_path = cd, pg_temp AS $$
	SELECT data->>'role' FROM cd.row WHERE entity = 'app_user' AND id = p_user
$$;

-- A case's step is a legal move of its state machine (DOMAIN 11-24;
-- core/workcase.c takes the same steps at the office).  NULL if legal,
-- else why not.
CREATE OR REPLACE FUNCTION cd.case_step_refused(o jsonb, n jsonb, p_unit text) RETURNS text
LANGUAGE plpgsql STABLE AS $$
DECLARE
	moves constant jsonb := '{"compare": ["compare", "provider", "review"],
		"provider": ["provider", "review"],
		"review": ["review", "compare", "provider", "done"],
		"done": ["done"]}';
	level text;
	window_days int;
BEGIN
	IF o->>'status' = 'closed' THEN
		IF (o - ARRAY['ended_at', 'ended_by', 'end_reason', 'row_version',
		              'updated_at', 'updated_by'])
		   <> (n - ARRAY['ended_at', 'ended_by', 'end_reason', 'row_version',
		                 'updated_at', 'updated_by']) THEN
			RETURN 'the case was closed: only ending a listing changes it now';
		END IF;
		RETURN NULL;
	END IF;
	IF NOT (moves->(o->>'stage')) ? (n->>'stage') THEN
		RETURN format('a case at stage %s cannot move to %s', o->>'stage', n->>'stage');
	END IF;
	IF n->>'status' = 'closed' OR n->>'stage' = 'done' THEN
		IF n->>'stage' <> 'done' OR n->>'status' <> 'closed' OR n->>'outcome' IS NULL THEN
			RETURN 'a decided case is closed with its outcome';
		END IF;
		IF n->>'decided_by' IS NULL OR n->>'decided_by' = n->>'proposed_by' THEN
			RETURN 'a proposal is decided by a supervisor other than its proposer';
		END IF;
		IF cd.user_role(n->>'decided_by') IS DISTINCT FROM 'supervisor' THEN
			RETURN 'only a supervisor decides a proposal';
		END IF;
		IF n->>'kind' = 'black_list' AND n->>'outcome' = 'listed' THEN
			SELECT data->>'level' INTO level FROM cd.row
			 WHERE entity = 'unit' AND id = p_unit;
			IF level IS NULL OR level = 'township' THEN
				RETURN 'only an authority at county level or above puts a subject on the black list';
			END IF;
			-- rule 12: told first, the party's window of list.notice_days
			-- working days run (the calendar as the office counts it:
			-- cd.workday_add), its statement answered; the decision after
			-- the window, on China's calendar day.
			IF n->>'notice_served' IS NULL OR n->>'notice_due' IS NULL THEN
				RETURN 'a black listing is decided after its advance notice was served on the party';
			END IF;
			SELECT (data->>'value')::int INTO window_days FROM cd.row
			 WHERE entity = 'rule_setting' AND id = 'list.notice_days';
			IF (n->>'notice_due')::date
			   < cd.workday_add((n->>'notice_served')::date, coalesce(window_days, 5)) THEN
				RETURN format('the party''s window (%s to %s) is shorter than %s working days',
				              n->>'notice_served', n->>'notice_due', coalesce(window_days, 5));
			END IF;
			IF ((n->>'decided_at')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date
			   <= (n->>'notice_due')::date THEN
				RETURN format('the party''s window runs until %s: the listing is decided after it',
				              n->>'notice_due');
			END IF;
			IF n->>'statement_received' IS NOT NULL AND n->>'statement_answered_at' IS NULL THEN
				RETURN 'the party''s statement is answered before the listing is decided';
			END IF;
		END IF;
	END IF;
	RETURN NULL;
END $$;

-- A request to change a record (a case of kind change, issue 16) is seen,
-- and decided, where the record was entered too; a red or black listing
-- is seen there too, so that the record's withdrawal there puts the
-- listing to review (a case of kind list_review).
CREATE OR REPLACE FUNCTION cd.request_scopes(p_entity text, n jsonb) RETURNS text[]
LANGUAGE sql STABLE SET search_path = cd, pg_temp AS $$
	SELECT coalesce(array_agg(r.data->>'unit_id'), '{}') FROM cd.row r
	 WHERE p_entity = 'workcase' AND n->>'kind' IN ('change', 'red_list', 'black_list')
	   AND r.entity = 'credit_record' AND r.id = n->>'record_id'
	   AND r.data->>'unit_id' IS NOT NULL
	   AND r.data->>'unit_id' IS DISTINCT FROM n->>'unit_id'
$$;

CREATE OR REPLACE FUNCTION cd.feed_row(p_entity text, p_id text) RETURNS bigint
LANGUAGE sql SET search_path = cd, pg_temp AS $$
	UPDATE cd.row SET server_seq = nextval('cd.feed'), origin = NULL
	 WHERE entity = p_entity AND id = p_id RETURNING server_seq
$$;

-- Apply one op; returns {result, reason, server_seq, row}.
CREATE OR REPLACE FUNCTION cd.apply(p_node text, op jsonb, p_unit text, p_subtree text[])
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	ent text := op->>'entity';
	eid text := op->>'entity_id';
	pl jsonb := op->'payload';
	n jsonb;
	o jsonb;
	cur cd.row%ROWTYPE;
	same text;
	scope text;
	k text;
	clash jsonb := '{}';
	merged jsonb;
	why text;
	ss bigint;
	ver int;
	bookkeeping constant text[] := ARRAY['pwhash', 'node', 'created_at', 'created_by',
		'updated_at', 'updated_by'];
BEGIN
	IF ent NOT IN ('unit', 'app_user', 'catalog_item', 'calendar_day', 'rule_setting',
	               'subject', 'import_batch', 'credit_record', 'leniency', 'workcase',
	               'consent') THEN
		RETURN jsonb_build_object('result', 'rejected',
			'reason', format('the central store keeps no %s', ent));
	END IF;
	SELECT a.to_id INTO same FROM cd.alias a WHERE a.entity = ent AND a.from_id = eid;
	IF FOUND THEN eid := same; END IF;
	n := cd.dealias(pl->'new');
	IF n ? 'id' THEN n := jsonb_set(n, '{id}', to_jsonb(eid)); END IF;
	o := pl->'old';
	SELECT * INTO cur FROM cd.row WHERE entity = ent AND id = eid FOR UPDATE;

	IF op->>'kind' = 'insert' THEN
		IF FOUND THEN
			-- the same row again (a second office's copy of a shipped
			-- setting): the same if it differs in bookkeeping only
			IF cur.data - bookkeeping = n - bookkeeping THEN
				RETURN jsonb_build_object('result', 'accepted', 'server_seq', cur.server_seq);
			END IF;
			RETURN jsonb_build_object('result', 'rejected',
				'reason', format('%s %s exists at the central store with other content', ent, eid),
				'row', cur.data);
		END IF;
		scope := CASE WHEN ent IN ('unit', 'catalog_item', 'calendar_day', 'rule_setting')
		              THEN '*'
		              ELSE coalesce(n->>'unit_id', p_unit) END;
		IF scope <> '*' AND p_unit IS NOT NULL AND NOT scope = ANY (p_subtree) THEN
			RETURN jsonb_build_object('result', 'rejected',
				'reason', 'the row belongs to a unit outside this office''s jurisdiction');
		END IF;
		IF ent = 'workcase' AND (n->>'status' <> 'open' AND n->>'decided_by' IS NULL) THEN
			RETURN jsonb_build_object('result', 'rejected', 'reason', 'a new case is open');
		END IF;
		same := cd.same_row(ent, n);
		IF same IS NOT NULL THEN
			-- one thing, one row: the office's id becomes an alias
			INSERT INTO cd.alias VALUES (ent, eid, same, p_node);
			IF ent = 'subject' THEN
				UPDATE cd.row SET scopes = array(SELECT DISTINCT unnest(scopes || p_unit))
				 WHERE entity = ent AND id = same AND p_unit IS NOT NULL
				   AND NOT p_unit = ANY (scopes);
			END IF;
			-- the alias first in the feed: the office renames its row
			-- before the central one arrives
			INSERT INTO cd.row VALUES ('sync_alias', ent || ':' || eid, NULL,
				jsonb_build_object('entity', ent, 'from_id', eid, 'to_id', same),
				ARRAY[coalesce(p_unit, '*')], nextval('cd.feed'), op->>'hlc');
			ss := cd.feed_row(ent, same);
			RETURN jsonb_build_object('result', 'merged', 'server_seq', ss,
				'reason', format('the same %s is at the central store as %s', ent, same));
		END IF;
		IF ent = 'app_user' THEN
			INSERT INTO cd.secret VALUES (eid, n->>'unit_id', n->>'pwhash')
			ON CONFLICT (id) DO UPDATE SET pwhash = EXCLUDED.pwhash, unit_id = EXCLUDED.unit_id;
			n := n - 'pwhash';
			scope := n->>'unit_id';
		END IF;
		INSERT INTO cd.row VALUES (ent, eid, (n->>'row_version')::int, n,
			-- only a case can have more (a SQL function is planned
			-- at every call: 56 us an op for every record)
			CASE WHEN ent = 'workcase' THEN ARRAY[scope] || cd.request_scopes(ent, n)
			     ELSE ARRAY[scope] END,
			nextval('cd.feed'), op->>'hlc',
			CASE WHEN ent <> 'app_user' AND n = pl->'new' THEN p_node END)
		RETURNING server_seq INTO ss;
		-- a subject is seen wherever a row about it is
		IF n ? 'subject_id' THEN
			UPDATE cd.row SET scopes = scopes || scope
			 WHERE entity = 'subject' AND id = n->>'subject_id'
			   AND NOT scope = ANY (scopes);
			IF FOUND THEN PERFORM cd.feed_row('subject', n->>'subject_id'); END IF;
		END IF;
		RETURN jsonb_build_object('result', 'accepted', 'server_seq', ss);
	END IF;

	-- an update
	IF NOT FOUND THEN
		RETURN jsonb_build_object('result', 'rejected',
			'reason', format('%s %s is not at the central store', ent, eid));
	END IF;
	IF p_unit IS NOT NULL AND NOT cur.scopes && (p_subtree || ARRAY['*'])
	   AND ent <> 'subject' THEN
		RETURN jsonb_build_object('result', 'rejected', 'row', cur.data,
			'reason', 'the row belongs to a unit outside this office''s jurisdiction');
	END IF;
	IF ent = 'app_user' AND n ? 'pwhash' THEN
		UPDATE cd.secret SET pwhash = n->>'pwhash' WHERE id = eid;
		n := n - 'pwhash';
		o := o - 'pwhash';
	END IF;
	IF ent = 'workcase' THEN
		-- a step is taken on the version it read, or not at all
		IF cur.row_version IS DISTINCT FROM (op->>'base_version')::int THEN
			RETURN jsonb_build_object('result', 'rejected', 'row', cur.data,
				'reason', format('the case changed at the central store (version %s, by %s at %s) since version %s was read',
				                 cur.row_version, cur.data->>'updated_by',
				                 cur.data->>'updated_at', op->>'base_version'));
		END IF;
		why := cd.case_step_refused(cur.data, cur.data || n, p_unit);
		IF why IS NOT NULL THEN
			RETURN jsonb_build_object('result', 'rejected', 'reason', why, 'row', cur.data);
		END IF;
	END IF;
	IF ent = 'credit_record' AND cur.data->>'status' <> 'active'
	   AND (o->>'status') IS DISTINCT FROM (cur.data->>'status') AND NOT n ? 'status' THEN
		RETURN jsonb_build_object('result', 'rejected', 'row', cur.data,
			'reason', format('the record was %s at the central store by %s: the change was not applied',
			                 cur.data->>'status', cur.data->>'status_by'));
	END IF;
	-- field by field: what the office changed from what it had read
	FOR k IN SELECT jsonb_object_keys(n) LOOP
		CONTINUE WHEN k IN ('row_version', 'updated_at', 'updated_by');
		IF cur.data->k IS DISTINCT FROM o->k AND cur.data->k IS DISTINCT FROM n->k THEN
			clash := clash || jsonb_build_object(k, jsonb_build_object(
				'central', cur.data->k, 'office', n->k, 'was', o->k));
		END IF;
	END LOOP;
	IF clash <> '{}' THEN
		INSERT INTO cd.conflict(node, seq, entity, entity_id, scopes, fields, actor)
		VALUES (p_node, (op->>'seq')::bigint, ent, eid, cur.scopes, clash, op->>'actor');
		RETURN jsonb_build_object('result', 'conflict', 'row', cur.data,
			'reason', format('%s was changed at the central store too: %s',
			                 ent, (SELECT string_agg(x, ', ') FROM jsonb_object_keys(clash) x)));
	END IF;
	IF cur.row_version IS NOT DISTINCT FROM (op->>'base_version')::int THEN
		ver := (n->>'row_version')::int;
	ELSE
		ver := cur.row_version + 1;
	END IF;
	merged := cur.data || n;
	IF merged ? 'row_version' THEN
		merged := jsonb_set(merged, '{row_version}', to_jsonb(ver));
	END IF;
	UPDATE cd.row SET data = merged, row_version = ver, server_seq = nextval('cd.feed'),
	       hlc = op->>'hlc',
	       -- the office has the result as it is only if the version it
	       -- changed was its own (two offices may each have made a
	       -- version 2: the number alone does not say the office had it)
	       origin = CASE WHEN cur.row_version IS NOT DISTINCT FROM (op->>'base_version')::int
	                      AND cur.origin IS NOT DISTINCT FROM p_node
	                      AND ent <> 'app_user' AND n = pl->'new' THEN p_node END
	 WHERE entity = ent AND id = eid RETURNING server_seq INTO ss;
	RETURN jsonb_build_object('server_seq', ss,
		'result', CASE WHEN cur.row_version IS NOT DISTINCT FROM (op->>'base_version')::int
		               THEN 'accepted' ELSE 'merged' END,
		'reason', CASE WHEN cur.row_version IS NOT DISTINCT FROM (op->>'base_version')::int
		               THEN NULL ELSE 'merged with changes to other fields' END);
END $$;

-- ---- the protocol ----

-- Which op of the node is expected next, for the office role p_role.
CREATE OR REPLACE FUNCTION cd.hello_as(p_role name, p_node text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
DECLARE
	nd cd.node%ROWTYPE;
BEGIN
	IF NOT EXISTS (SELECT 1 FROM cd.office WHERE role = p_role) THEN
		RAISE EXCEPTION 'the role % is not an office of this central store', p_role
			USING HINT = 'an administrator adds it: creditdesk central office add';
	END IF;
	SELECT * INTO nd FROM cd.node WHERE node = p_node;
	IF FOUND AND nd.role <> p_role THEN
		RAISE EXCEPTION 'the office database % belongs to role %, not %', p_node, nd.role, p_role;
	END IF;
	RETURN jsonb_build_object('next_seq', coalesce(nd.next_seq, 1),
		'unit', cd.unit_of(p_role), 'feed', (SELECT last_value FROM cd.feed));
END $$;

-- Apply a batch of ops of one node, in seq order, in the jurisdiction of
-- p_role.  Answers one element per op: {seq, result, reason, server_seq,
-- row}; result is also 'mismatch' (that seq was received with another
-- content: nothing applied, the office must not acknowledge) or 'gap'
-- (an earlier seq is missing: this and what follows wait).
-- (Callers pass the role COLLATE "default": a name's collation is "C",
-- and a PL/pgSQL function's text variables take the collation its
-- arguments bring; compared in "C", no index of cd.row or cd.op could be
-- used and every op read whole tables: a 30k-op push took 87 s.)
-- The functions it calls per op (cd.apply, cd.dealias, cd.same_row,
-- cd.case_step_refused) run on its search_path and set none of their
-- own (no one else may call them): a SET on a function is made and
-- undone at every call.
CREATE OR REPLACE FUNCTION cd.push_as(p_role name, p_node text, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
DECLARE
	op jsonb;
	prev cd.op%ROWTYPE;
	nd cd.node%ROWTYPE;
	ans jsonb;
	answers jsonb[] := '{}'; -- appended in place (a jsonb array
	                           -- would be copied whole at each answer)
	kept jsonb[] := '{}';    -- the ops applied and their answers, kept
	kept_ans jsonb[] := '{}'; -- in cd.op in one statement at the end
	unit text := cd.unit_of(p_role);
	subtree text[] := cd.subtree_of(p_role);
	v_seq bigint;
BEGIN
	PERFORM cd.hello_as(p_role, p_node);
	PERFORM pg_advisory_xact_lock(hashtext('creditdesk.feed'));
	INSERT INTO cd.node(node, role) VALUES (p_node, p_role)
	ON CONFLICT (node) DO NOTHING;
	SELECT * INTO nd FROM cd.node WHERE node = p_node FOR UPDATE;
	FOR op IN SELECT value FROM jsonb_array_elements(p_ops) ORDER BY (value->>'seq')::bigint LOOP
		v_seq := (op->>'seq')::bigint;
		-- an op at or past the node's next is new: ops are kept
		-- only in seq order (below), so only an earlier one may be
		-- here already (a push whose answers were lost)
		IF v_seq < nd.next_seq THEN
			SELECT * INTO prev FROM cd.op o WHERE o.node = p_node AND o.seq = v_seq;
		END IF;
		IF v_seq < nd.next_seq AND FOUND THEN
			-- the same op: its id, what it names and its clock; an
			-- update's content too (an insert's row is read when it
			-- is sent, and may have taken the store's values since)
			IF prev.id = op->>'id' AND prev.kind = op->>'kind'
			   AND prev.entity = op->>'entity' AND prev.entity_id = op->>'entity_id'
			   AND prev.hlc = op->>'hlc'
			   AND (prev.kind = 'insert' OR prev.payload = op->'payload') THEN
				-- a refused op's row again: the office may never
				-- have had the first answer
				answers := answers || ((jsonb_build_object('seq', v_seq,
					'result', prev.result, 'reason', prev.reason,
					'server_seq', prev.server_seq, 'duplicate', true)
					|| CASE WHEN prev.result IN ('rejected', 'conflict') THEN
						coalesce((SELECT jsonb_build_object('row', r.data) FROM cd.row r
						   WHERE r.entity = prev.entity
						     AND r.id = coalesce((SELECT a.to_id FROM cd.alias a
						           WHERE a.entity = prev.entity AND a.from_id = prev.entity_id),
						         prev.entity_id)), '{}')
					   ELSE '{}' END));
			ELSE
				answers := answers || (jsonb_build_object('seq', v_seq, 'result', 'mismatch',
					'reason', format('op %s of this office was received before with other content (op %s)', v_seq, prev.id)));
			END IF;
			CONTINUE;
		END IF;
		IF v_seq <> nd.next_seq THEN
			answers := answers || (jsonb_build_object('seq', v_seq, 'result', 'gap',
				'reason', format('op %s was expected first', nd.next_seq)));
			EXIT;
		END IF;
		IF unit IS NULL AND op->>'entity' NOT IN ('unit', 'catalog_item', 'calendar_day', 'rule_setting') THEN
			-- the office's own unit must be there first: wait for it
			answers := answers || (jsonb_build_object('seq', v_seq, 'result', 'gap',
				'reason', format('the unit %s of role %s is not at the central store yet',
				                 (SELECT unit_name FROM cd.office WHERE role = p_role),
				                 p_role)));
			EXIT;
		END IF;
		ans := cd.apply(p_node COLLATE "default", op, unit COLLATE "default", subtree);
		IF op->>'entity' = 'unit' THEN
			unit := cd.unit_of(p_role);
			subtree := cd.subtree_of(p_role);
		END IF;
		kept := kept || op;
		kept_ans := kept_ans || ans;
		nd.next_seq := nd.next_seq + 1;
		answers := answers || (ans || jsonb_build_object('seq', v_seq));
	END LOOP;
	-- one statement for the batch (one INSERT an op took 10-15 us of
	-- the store's time); nothing in the loop reads cd.op but the
	-- lookup of ops below next_seq, which these are not
	INSERT INTO cd.op
	SELECT p_node, (o->>'seq')::bigint, o->>'id', o->>'hlc', o->>'kind',
	       o->>'entity', o->>'entity_id', (o->>'base_version')::int, o->'payload',
	       o->>'actor', o->>'at', a->>'result', a->>'reason', (a->>'server_seq')::bigint
	  FROM unnest(kept, kept_ans) AS u(o, a);
	UPDATE cd.node SET next_seq = nd.next_seq, last_at = now() WHERE node = p_node;
	RETURN to_jsonb(answers);
END $$;

-- What changed after p_after that an office of p_unit reading p_units
-- sees, in feed order: at most p_limit + 1 rows (one more than a page:
-- more follow).  Rows whose version node p_node made itself come
-- without data (the office has them; its position goes past them).
CREATE OR REPLACE FUNCTION cd.page_rows(p_after bigint, p_limit int, p_units text[], p_unit text,
                             p_node text)
RETURNS TABLE (entity text, id text, row_version int, server_seq bigint, hlc text,
               data jsonb)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = cd, pg_temp AS $$
	SELECT r.entity, r.id, r.row_version, r.server_seq, r.hlc,
	       CASE WHEN r.origin IS NOT DISTINCT FROM p_node AND p_node IS NOT NULL THEN NULL
	            WHEN r.entity = 'app_user' THEN r.data || jsonb_build_object('pwhash', s.pwhash)
	            ELSE r.data END
	  FROM cd.row r LEFT JOIN cd.secret s ON r.entity = 'app_user' AND s.id = r.id
	 WHERE r.server_seq > p_after AND cd.may_see(r.entity, r.scopes, p_units, p_unit)
	 ORDER BY r.server_seq LIMIT p_limit + 1
$$;

-- The same page as one JSON value, for a bundle: {after, count, rows:
-- [{entity, id, row_version, server_seq, hlc, data}], next, more}.
-- json, not jsonb: built as text once.
CREATE OR REPLACE FUNCTION cd.page(p_after bigint, p_limit int, p_units text[], p_unit text,
                        p_node text)
RETURNS json
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = cd, pg_temp AS $$
	WITH page AS MATERIALIZED (
		SELECT * FROM cd.page_rows(p_after, p_limit, p_units, p_unit, p_node)),
	shown AS (SELECT * FROM page ORDER BY server_seq LIMIT p_limit)
	SELECT json_build_object(
		'after', p_after,
		'count', (SELECT count(*) FROM shown),
		'rows', coalesce((SELECT json_agg(p ORDER BY p.server_seq)
		                    FROM (SELECT * FROM shown WHERE data IS NOT NULL) p), '[]'),
		'next', coalesce((SELECT max(server_seq) FROM shown), p_after),
		'more', (SELECT count(*) FROM page) > p_limit)
$$;

-- The office's own calls, as itself.
CREATE OR REPLACE FUNCTION cd.hello(p_node text) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.hello_as(session_user COLLATE "default", p_node)
$$;
CREATE OR REPLACE FUNCTION cd.push(p_node text, p_ops jsonb) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.push_as(session_user COLLATE "default", p_node, p_ops)
$$;
-- Runs as the caller: row-level security decides what it sees too.
-- p_node: the caller's office database (its own rows are passed over;
-- naming another node only passes over that node's rows).
-- Rows, not one JSON value: the office reads each row's columns as
-- they come (a 2,000-row page as JSON took the store 5x as long to make
-- and the office as long again to read).
CREATE OR REPLACE FUNCTION cd.pull(p_after bigint, p_limit int, p_node text)
RETURNS TABLE (entity text, id text, row_version int, server_seq bigint, hlc text,
               data jsonb)
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = cd, pg_temp AS $$
	SELECT * FROM cd.page_rows(p_after, p_limit, cd.my_units(), cd.my_unit(), p_node)
$$;

-- ---- bundles (USB offices) ----
--
-- A courier (a role granted cd_courier: the county's office) imports a
-- township's bundle: its program opens it with the store's secret key,
-- checks the signature against the township's registered key, and
-- calls these on the township's behalf.

CREATE OR REPLACE FUNCTION cd.courier_check() RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	IF NOT pg_has_role(session_user, 'cd_courier', 'MEMBER') THEN
		RAISE EXCEPTION 'the role % may not import other offices'' bundles', session_user
			USING HINT = 'an administrator allows it: creditdesk central office add ROLE UNIT --courier';
	END IF;
END $$;

-- The store's public key: anyone of the store may read it.
CREATE OR REPLACE FUNCTION cd.store_key() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT public FROM cd.key
$$;

-- For a courier: the store's secret key, and the office role whose
-- registered key p_key is (role NULL: no office has it).
CREATE OR REPLACE FUNCTION cd.courier_keys(p_key text) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	PERFORM cd.courier_check();
	RETURN jsonb_build_object('secret', (SELECT secret FROM cd.key),
		'role', (SELECT role FROM cd.office WHERE sign_key = p_key));
END $$;

CREATE OR REPLACE FUNCTION cd.bundle_push(p_role name, p_node text, p_ops jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	PERFORM cd.courier_check();
	RETURN cd.push_as(p_role COLLATE "default", p_node, p_ops);
END $$;

CREATE OR REPLACE FUNCTION cd.bundle_hello(p_role name, p_node text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	PERFORM cd.courier_check();
	RETURN cd.hello_as(p_role COLLATE "default", p_node);
END $$;

CREATE OR REPLACE FUNCTION cd.bundle_pull(p_role name, p_after bigint, p_limit int, p_node text)
RETURNS json
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	PERFORM cd.courier_check();
	RETURN cd.page(p_after, p_limit, cd.units_of(p_role), cd.unit_of(p_role), p_node);
END $$;

-- ---- the audit chain's checkpoints (issue 17) ----
--
-- Each office sends the signed checkpoints of its audit log's hash chain
-- (core/audit.c) at every sync; the store keeps the first copy of each.
-- An office whose chain was rewritten and signed again meets its old
-- checkpoints here: cd.audit_seal answers with the copies that differ,
-- and `creditdesk audit verify` checks the entries they name.
CREATE TABLE IF NOT EXISTS cd.audit_seal (
	node        text NOT NULL,
	seq         bigint NOT NULL,
	n           bigint NOT NULL,
	hash        text NOT NULL,
	at          text NOT NULL,
	pubkey      text NOT NULL,
	sig         text NOT NULL,
	role        name NOT NULL,
	received_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (node, seq)
);

CREATE OR REPLACE FUNCTION cd.audit_seal_as(p_role name, p_node text, p_seals jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
DECLARE
	s jsonb;
	cur cd.audit_seal%ROWTYPE;
	bad jsonb := '[]';
BEGIN
	IF EXISTS (SELECT 1 FROM cd.node WHERE node = p_node AND role <> p_role)
	   OR EXISTS (SELECT 1 FROM cd.audit_seal WHERE node = p_node AND role <> p_role) THEN
		RAISE EXCEPTION 'the office database % belongs to another role than %', p_node, p_role;
	END IF;
	FOR s IN SELECT * FROM jsonb_array_elements(p_seals) LOOP
		SELECT * INTO cur FROM cd.audit_seal
		 WHERE node = p_node AND seq = (s->>'seq')::bigint;
		IF NOT FOUND THEN
			INSERT INTO cd.audit_seal(node, seq, n, hash, at, pubkey, sig, role)
			VALUES (p_node, (s->>'seq')::bigint, (s->>'n')::bigint, s->>'hash',
			        s->>'at', s->>'pubkey', s->>'sig', p_role);
		ELSIF cur.hash <> s->>'hash' OR cur.n <> (s->>'n')::bigint THEN
			bad := bad || jsonb_build_object('seq', cur.seq, 'n', cur.n,
			                                 'hash', cur.hash, 'at', cur.at);
		END IF;
	END LOOP;
	RETURN bad;
END $$;

CREATE OR REPLACE FUNCTION cd.audit_seal(p_node text, p_seals jsonb) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT cd.audit_seal_as(session_user COLLATE "default", p_node, p_seals)
$$;

-- A courier carrying a USB office's bundle sends its checkpoints.
CREATE OR REPLACE FUNCTION cd.bundle_seal(p_role name, p_node text, p_seals jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
BEGIN
	PERFORM cd.courier_check();
	RETURN cd.audit_seal_as(p_role COLLATE "default", p_node, p_seals);
END $$;

-- The store's copies of one office database's checkpoints, to that office.
CREATE OR REPLACE FUNCTION cd.audit_seals(p_node text) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT coalesce(jsonb_agg(jsonb_build_object('seq', seq, 'n', n, 'hash', hash,
	                                             'at', at) ORDER BY seq), '[]')
	  FROM cd.audit_seal WHERE node = p_node AND role = session_user
$$;

-- Open conflicts the caller may see.
CREATE OR REPLACE FUNCTION cd.conflicts() RETURNS SETOF cd.conflict
LANGUAGE sql STABLE SECURITY INVOKER SET search_path = cd, pg_temp AS $$
	SELECT * FROM cd.conflict WHERE status = 'open' ORDER BY id
$$;

-- A supervisor's decision on a conflict: keep the central values, or
-- take the office's (applied as a new version).  Returns the row.
CREATE OR REPLACE FUNCTION cd.resolve(p_id bigint, p_choice text, p_actor text, p_reason text)
RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = cd, pg_temp AS $$
DECLARE
	c cd.conflict%ROWTYPE;
	cur cd.row%ROWTYPE;
	n jsonb := '{}';
	k text;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtext('creditdesk.feed'));
	SELECT * INTO c FROM cd.conflict WHERE id = p_id FOR UPDATE;
	IF NOT FOUND OR NOT c.scopes && (cd.my_units()) THEN
		RAISE EXCEPTION 'conflict % is not one this office may see', p_id;
	END IF;
	IF c.status <> 'open' THEN
		RAISE EXCEPTION 'conflict % was resolved already (%, by %)', p_id, c.resolution, c.resolved_by;
	END IF;
	IF cd.user_role(p_actor) IS DISTINCT FROM 'supervisor' THEN
		RAISE EXCEPTION 'only a supervisor resolves a conflict';
	END IF;
	IF p_choice NOT IN ('central', 'office') OR coalesce(trim(p_reason), '') = '' THEN
		RAISE EXCEPTION 'say which values stay (central or office) and why';
	END IF;
	SELECT * INTO cur FROM cd.row WHERE entity = c.entity AND id = c.entity_id FOR UPDATE;
	IF p_choice = 'office' THEN
		FOR k IN SELECT jsonb_object_keys(c.fields) LOOP
			n := n || jsonb_build_object(k, c.fields->k->'office');
		END LOOP;
		n := n || jsonb_build_object('row_version', cur.row_version + 1,
			'updated_by', p_actor, 'updated_at',
			to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
		UPDATE cd.row SET data = data || n, row_version = cur.row_version + 1,
		       server_seq = nextval('cd.feed'), origin = NULL
		 WHERE entity = c.entity AND id = c.entity_id;
	END IF;
	UPDATE cd.conflict SET status = 'resolved', resolution = p_choice,
	       resolved_by = p_actor, resolved_at = now(), reason = p_reason
	 WHERE id = p_id;
	RETURN (SELECT data FROM cd.row WHERE entity = c.entity AND id = c.entity_id);
END $$;

-- ---- reporting up on time (DOMAIN rule 10) ----

-- The offices below the caller's unit, each with when its work last
-- reached the store (a push, its own or a courier's for its bundle; NULL
-- never) and when it was registered, with the store's clock now: the
-- office counts the working days between the two in its calendar, so
-- that its own clock plays no part.
CREATE OR REPLACE FUNCTION cd.reporting() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = cd, pg_temp AS $$
	SELECT jsonb_build_object(
		'now', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
		'offices', coalesce(jsonb_agg(jsonb_build_object(
			'unit', o.unit_name, 'role', o.role,
			'last_at', (SELECT to_char(max(n.last_at) AT TIME ZONE 'UTC',
			                           'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
			              FROM cd.node n WHERE n.role = o.role),
			'since', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
			ORDER BY o.unit_name), '[]'))
	  FROM cd.office o
	 WHERE o.role <> session_user AND cd.unit_of(session_user) IS NOT NULL
	   AND cd.unit_of(o.role) = ANY (cd.subtree_of(session_user))
	   AND cd.unit_of(o.role) <> cd.unit_of(session_user)
$$;

-- ---- rows made by an older store, brought in line (central upgrade) ----

-- A listing accepted before cd.request_scopes named its record's unit:
-- seen there now, and sent down again.
WITH m AS (
	SELECT w.id, r.data->>'unit_id' AS unit FROM cd.row w
	  JOIN cd.row r ON r.entity = 'credit_record' AND r.id = w.data->>'record_id'
	 WHERE w.entity = 'workcase' AND w.data->>'kind' IN ('red_list', 'black_list')
	   AND r.data->>'unit_id' IS NOT NULL AND NOT (r.data->>'unit_id') = ANY (w.scopes))
UPDATE cd.row w SET scopes = w.scopes || m.unit, server_seq = nextval('cd.feed')
  FROM m WHERE w.entity = 'workcase' AND w.id = m.id;

-- ---- rights ----

DO $$ BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cd_office') THEN
		CREATE ROLE cd_office NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'cd_courier') THEN
		CREATE ROLE cd_courier NOLOGIN;
	END IF;
END $$;
REVOKE ALL ON SCHEMA cd FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cd FROM PUBLIC;
GRANT USAGE ON SCHEMA cd TO cd_office;
GRANT SELECT ON cd.row, cd.secret, cd.conflict TO cd_office;
GRANT EXECUTE ON FUNCTION cd.hello(text), cd.push(text, jsonb), cd.pull(bigint, int, text),
	cd.conflicts(), cd.resolve(bigint, text, text, text),
	cd.my_unit(), cd.my_units(), cd.my_subtree(), cd.unit_of(name), cd.units_of(name),
	cd.subtree_of(name), cd.may_see(text, text[], text[], text),
	cd.page(bigint, int, text[], text, text), cd.page_rows(bigint, int, text[], text, text),
	cd.store_key(), cd.reporting(), cd.audit_seal(text, jsonb), cd.audit_seals(text) TO cd_office;
GRANT EXECUTE ON FUNCTION cd.courier_check(), cd.courier_keys(text),
	cd.bundle_push(name, text, jsonb), cd.bundle_hello(name, text),
	cd.bundle_pull(name, bigint, int, text), cd.bundle_seal(name, text, jsonb) TO cd_courier;
