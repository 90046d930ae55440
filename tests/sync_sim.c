/* tests/sync_sim.c: a deterministic simulation of several offices and
 * the central store, with a network that drops, repeats, delays and
 * reorders messages.
 *
 *     sync_sim CONNINFO WIRE SEED STEPS PASSWORD COUNTY_DB TOWN_DB...
 *
 * The county reaches the store over the network and carries bundles;
 * the townships sync by bundle only, and every bundle is a message on a
 * wire (files in WIRE) that the simulation loses, delivers twice, holds
 * back or takes out of order, by a seeded generator: the same SEED gives
 * the same run.  Each office's clerk ("clerk") and supervisor ("super")
 * add, correct and withdraw records about a few people seen at several
 * offices, take objections to them and carry the cases on (comparison,
 * the provider's answer, the supervisor's decision), each office on the
 * version it has.  Then the network heals and everyone syncs until nothing
 * moves, and the checks run:
 *   - every office holds exactly what the store lets it see, field for
 *     field (records and subjects);
 *   - every op of every office is at the store once and answered at the
 *     office once;
 *   - every record's history at the store is a legal path of its states
 *     (active, then withdrawn, and nothing after), and every case's is a
 *     legal path of its state machine (the stage moves core/workcase.c
 *     allows, nothing but the end of a listing after it is closed).
 * Prints TAP. */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "core/internal.h"

#define MAX_OFFICES 8
#define MAX_MSGS 4096

struct office {
	char path[512];
	struct cd_db *db;
	struct central_cfg cfg;
	struct cd_actor clerk, super;
	int docs;
};

struct msg {
	char file[600];
	bool up;    /* up: to the county; down: to office */
	int office; /* whose */
};

static struct office offices[MAX_OFFICES];
static int noffices;
static struct msg wire[MAX_MSGS];
static int nwire, msgno;
static const char *wiredir;
static unsigned long long rng_state;
static int tap_n, tap_failed;

static unsigned rnd(unsigned n)
{
	/* xorshift64*: the same seed, the same run */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ULL) >> 33) % n;
}

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%s %d - ", ok ? "ok" : "not ok", ++tap_n);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	if (!ok)
		tap_failed++;
	fflush(stdout);
}

/* A resident ID of the pool of people (GB 11643 check digit). */
static void person_id(int k, char out[19])
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	snprintf(out, 19, "11010519491231%03d", 11 + 2 * k);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

static const char *names[] = {"张伟", "王芳", "李娜", "刘洋", "陈静", "杨勇"};

static char *text1(struct cd_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *out = NULL;
	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		out = xstrdup(col_text(st, 0));
	sqlite3_finalize(st);
	return out ? out : xstrdup("");
}

static char *pg1(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	char *out = xstrdup(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1
				    ? PQgetvalue(r, 0, 0)
				    : PQresultErrorMessage(r));
	PQclear(r);
	return out;
}

/* A record of office o's own unit, active, at random ("" none). */
/* what (an expression) of a row of from (a table and its WHERE) the
 * office has, picked at random; "" when there is none (to free). */
static char *pick(struct office *o, const char *what, const char *from)
{
	char *sql = sqlite3_mprintf("SELECT %s FROM %s ORDER BY id LIMIT 1 OFFSET"
				    " (SELECT %u %% max(count(*), 1) FROM %s)",
				    what, from, rnd(1000), from);
	char *v = text1(o->db, sql);
	sqlite3_free(sql);
	return v;
}

static void pick_record(struct office *o, char id[UUID_SIZE], int *version)
{
	char *v = pick(o, "id || ' ' || row_version", "credit_record WHERE status = 'active'");
	id[0] = '\0';
	*version = 0;
	if (v[0])
		sscanf(v, "%36s %d", id, version);
	free(v);
}

static void do_add(int k)
{
	struct office *o = &offices[k];
	int p = (int)rnd(6);
	char idn[19], doc[64], matter[64];
	person_id(p, idn);
	snprintf(doc, sizeof doc, "罚〔2026〕%d-%d号", k, ++o->docs);
	snprintf(matter, sizeof matter, "无证经营（第%d次）", o->docs);
	struct record_input in = {0};
	in.subject.id_type = ID_RESIDENT;
	in.subject.id_number = idn;
	in.subject.name = names[p];
	in.item_code = "XZCF-3";
	in.matter = matter;
	in.reporting_unit = "市场监管所";
	in.doc_number = doc;
	in.doc_date = "2026-01-15";
	char id[UUID_SIZE];
	struct cd_err err = {0};
	if (record_create(o->db, &o->clerk, &in, id, &err))
		printf("# office %d add: %s\n", k, err.msg);
}

static void do_correct(int k)
{
	struct office *o = &offices[k];
	char id[UUID_SIZE];
	int version;
	pick_record(o, id, &version);
	if (!id[0])
		return;
	struct record_view v;
	struct cd_err err = {0};
	if (record_get(o->db, id, &v, &err))
		return;
	struct record_input in;
	record_view_to_input(&v, &in);
	char matter[256], issuer[64];
	snprintf(matter, sizeof matter, "%.200s改", v.matter);
	snprintf(issuer, sizeof issuer, "第%d办公室", k);
	/* the matter or the issuer: fields two offices may both change */
	if (rnd(2))
		in.matter = matter;
	else
		in.doc_issuer = issuer;
	record_correct(o->db, &o->clerk, id, v.row_version, &in, "笔误", &err);
	record_view_clear(&v);
}

static void do_withdraw(int k)
{
	struct office *o = &offices[k];
	char id[UUID_SIZE];
	int version;
	pick_record(o, id, &version);
	struct cd_err err = {0};
	if (id[0])
		record_withdraw(o->db, &o->super, id, version, "错录", &err);
}

/* A clerk takes an objection to a record the office has. */
static void do_objection(int k)
{
	struct office *o = &offices[k];
	char id[UUID_SIZE];
	int version;
	pick_record(o, id, &version);
	if (!id[0])
		return;
	struct objection_input in = {id, NULL, "当事人称文号有误", "复印件"};
	char cid[UUID_SIZE];
	struct cd_err err = {0};
	objection_file(o->db, &o->clerk, &in, cid, &err); /* refused: one is open */
}

/* The next step of an open case the office has, whatever its stage:
 * offices take steps on the same case without knowing of each other. */
static void do_case_step(int k)
{
	struct office *o = &offices[k];
	char *v = pick(o, "id || ' ' || stage", "workcase WHERE status = 'open'");
	char id[UUID_SIZE] = "", stage[16] = "";
	if (v[0])
		sscanf(v, "%36s %15s", id, stage);
	free(v);
	if (!id[0])
		return;
	static const char *const results[] = {"corrected", "rejected", "unresolved"};
	struct cd_err err = {0};
	if (!strcmp(stage, "compare"))
		objection_compare(o->db, &o->clerk, id, rnd(2), "已比对", &err);
	else if (!strcmp(stage, "provider"))
		objection_reply(o->db, &o->clerk, id, results[rnd(3)], "复函〔2026〕1号", &err);
	else if (!strcmp(stage, "review"))
		case_decide(o->db, &o->super, id, rnd(3) != 0, "审核意见", &err);
}

static void enqueue(const char *file, bool up, int office)
{
	if (nwire == MAX_MSGS)
		return; /* the wire is full: the message is lost */
	struct msg *m = &wire[nwire++];
	snprintf(m->file, sizeof m->file, "%s/msg-%06d-%s.cdb", wiredir, ++msgno,
		 up ? "up" : "down");
	m->up = up;
	m->office = office;
	char *cmd = xasprintf("cp '%s' '%s'", file, m->file);
	if (system(cmd) != 0)
		printf("# cannot copy %s\n", file);
	free(cmd);
}

static int office_of_node(const char *node)
{
	for (int i = 0; i < noffices; i++)
		if (!strcmp(offices[i].db->node, node))
			return i;
	return -1;
}

/* An office syncs: the county over the network, a township by writing a
 * bundle that goes on the wire.  Returns what moved. */
static long do_sync(int k, bool *waiting)
{
	struct office *o = &offices[k];
	struct sync_report r;
	struct cd_err err = {0};
	enum cd_status st = sync_run(o->db, &o->cfg, NULL, NULL, &r, &err);
	if (st && st != CD_IO)
		printf("# office %d sync: %s\n", k, err.msg);
	if (o->cfg.kind == CENTRAL_DIR && r.bundle[0])
		enqueue(r.bundle, true, k);
	*waiting = r.waiting > 0;
	return r.pulled + r.accepted + r.merged + r.rejected + r.conflict;
}

static int errors;

/* Deliver message i: an up bundle to the county (its return bundle goes
 * on the wire), a return bundle to its office. */
static long deliver(int i)
{
	struct msg *m = &wire[i];
	struct sync_report r;
	struct cd_err err = {0};
	struct office *to = m->up ? &offices[0] : &offices[m->office];
	enum cd_status st = sync_import_bundle(to->db, &to->cfg, m->file, NULL, NULL, &r, &err);
	if (st) {
		printf("# delivering %s: %s\n", m->file, err.msg);
		errors++;
		return 0;
	}
	if (m->up && r.bundle[0]) {
		struct bundle b = {0};
		struct cd_err e = {0};
		if (!bundle_peek(r.bundle, &b, &e))
			enqueue(r.bundle, false, office_of_node(b.node));
		unlink(r.bundle);
	}
	return r.pulled + r.accepted + r.merged + r.rejected + r.conflict;
}

static void drop(int i)
{
	unlink(wire[i].file);
	wire[i] = wire[--nwire];
}

static void step(void)
{
	unsigned r = rnd(100);
	int k = (int)rnd((unsigned)noffices);
	if (r < 22)
		do_add(k);
	else if (r < 32)
		do_correct(k);
	else if (r < 36)
		do_withdraw(k);
	else if (r < 40)
		do_objection(k);
	else if (r < 47)
		do_case_step(k);
	else if (r < 60) {
		bool w;
		do_sync(k, &w);
	} else if (nwire > 0) {
		/* any message, not the oldest: the wire reorders */
		int i = (int)rnd((unsigned)nwire);
		unsigned fate = rnd(100);
		if (fate < 15) {
			drop(i); /* lost */
		} else if (fate < 35) {
			deliver(i); /* delivered, and again later */
		} else if (fate < 50) {
			/* held back */
		} else {
			deliver(i);
			drop(i);
		}
	}
}

/* The network heals: everyone syncs, every message is delivered at
 * once, until nothing moves. */
static bool settle(void)
{
	for (int round = 0; round < 30; round++) {
		long moved = 0;
		bool any_waiting = false;
		for (int k = 0; k < noffices; k++) {
			bool w;
			moved += do_sync(k, &w);
			any_waiting |= w;
			while (nwire > 0) {
				moved += deliver(0);
				drop(0);
			}
			/* the township's own answer, now */
			if (offices[k].cfg.kind == CENTRAL_DIR) {
				moved += do_sync(k, &w);
				while (nwire > 0) {
					moved += deliver(0);
					drop(0);
				}
			}
		}
		if (!moved && !any_waiting)
			return true;
	}
	return false;
}

/* The entries of one '|'-separated list missing from the other. */
static void show_difference(const char *local, const char *central)
{
	const char *lists[2] = {local, central}, *side[2] = {"only here", "only central"};
	for (int w = 0; w < 2; w++) {
		char *copy = xstrdup(lists[w]);
		for (char *save = NULL, *e = strtok_r(copy, "|", &save); e;
		     e = strtok_r(NULL, "|", &save)) {
			const char *other = lists[1 - w], *p = strstr(other, e);
			size_t n = strlen(e);
			if (!p || (p[n] != '|' && p[n] != '\0'))
				printf("# %s: %s\n", side[w], e);
		}
		free(copy);
	}
}

static void checks(PGconn *c)
{
	for (int k = 0; k < noffices; k++) {
		struct office *o = &offices[k];
		char *role = NULL, *q;
		q = sqlite3_mprintf("SELECT role FROM cd.node WHERE node = '%q'", o->db->node);
		role = pg1(c, q);
		sqlite3_free(q);
		/* the same records and subjects as the store shows this office */
		static const struct {
			const char *entity, *local, *central;
		} sets[] = {
			{"credit_record",
			 "SELECT coalesce(group_concat(v, '|'), '') FROM (SELECT id || ':' ||"
			 " status || ':' || matter || ':' || coalesce(doc_issuer, '') || ':' ||"
			 " row_version || ':' || subject_id AS v FROM credit_record ORDER BY id)",
			 "SELECT coalesce(string_agg(id || ':' || (data->>'status') || ':' ||"
			 " (data->>'matter') || ':' || coalesce(data->>'doc_issuer', '') || ':' ||"
			 " row_version || ':' || (data->>'subject_id'), '|' ORDER BY id COLLATE \"C\"), '')"
			 " FROM cd.row WHERE entity = 'credit_record' AND"
			 " cd.may_see(entity, scopes, cd.units_of('%q'), cd.unit_of('%q'))"},
			{"subject",
			 "SELECT coalesce(group_concat(v, '|'), '') FROM (SELECT id || ':' ||"
			 " id_number || ':' || name AS v FROM subject ORDER BY id)",
			 "SELECT coalesce(string_agg(id || ':' || (data->>'id_number') || ':' ||"
			 " (data->>'name'), '|' ORDER BY id COLLATE \"C\"), '') FROM cd.row"
			 " WHERE entity = 'subject' AND"
			 " cd.may_see(entity, scopes, cd.units_of('%q'), cd.unit_of('%q'))"},
			{"workcase",
			 "SELECT coalesce(group_concat(v, '|'), '') FROM (SELECT id || ':' ||"
			 " status || ':' || stage || ':' || coalesce(outcome, '') || ':' ||"
			 " row_version AS v FROM workcase ORDER BY id)",
			 "SELECT coalesce(string_agg(id || ':' || (data->>'status') || ':' ||"
			 " (data->>'stage') || ':' || coalesce(data->>'outcome', '') || ':' ||"
			 " row_version, '|' ORDER BY id COLLATE \"C\"), '') FROM cd.row"
			 " WHERE entity = 'workcase' AND"
			 " cd.may_see(entity, scopes, cd.units_of('%q'), cd.unit_of('%q'))"},
		};
		for (size_t i = 0; i < sizeof sets / sizeof *sets; i++) {
			char *local = text1(o->db, sets[i].local);
			q = sqlite3_mprintf(sets[i].central, role, role);
			char *central = pg1(c, q);
			sqlite3_free(q);
			bool same = !strcmp(local, central);
			check(same, "office %d (%s) holds the %s rows the store shows it (%zu bytes)",
			      k, role, sets[i].entity, strlen(local));
			if (!same)
				show_difference(local, central);
			free(local);
			free(central);
		}
		/* exactly once */
		char *ops = text1(o->db, "SELECT max(seq) || ' ' || (SELECT count(*) FROM sync_ack)"
					 " || ' ' || (SELECT count(DISTINCT seq) FROM sync_ack)"
					 " FROM sync_op");
		q = sqlite3_mprintf("SELECT max(seq) || ' ' || count(*) || ' ' || count(*)"
				    " FROM cd.op WHERE node = '%q'", o->db->node);
		char *central = pg1(c, q);
		sqlite3_free(q);
		check(!strcmp(ops, central),
		      "office %d: every op at the store once, answered here once (%s / %s)",
		      k, ops, central);
		free(ops);
		free(central);
		free(role);
	}
	/* every record's states at the store: active, then withdrawn, and
	 * nothing changes a withdrawn record */
	char *bad = pg1(c,
		"WITH h AS (SELECT entity_id, payload, server_seq,"
		"  lag(payload->'new'->>'status') OVER w AS before_status,"
		"  bool_or(payload->'new'->>'status' = 'withdrawn') OVER"
		"   (PARTITION BY entity_id ORDER BY server_seq ROWS BETWEEN UNBOUNDED PRECEDING"
		"    AND 1 PRECEDING) AS was_withdrawn"
		" FROM cd.op WHERE entity = 'credit_record' AND kind = 'update'"
		"  AND result IN ('accepted', 'merged')"
		" WINDOW w AS (PARTITION BY entity_id ORDER BY server_seq))"
		" SELECT count(*) FROM h WHERE was_withdrawn"
		"  OR coalesce(payload->'new'->>'status', 'active') NOT IN ('active', 'withdrawn')"
		"  OR (payload->'old' ? 'status' AND payload->'old'->>'status' <> 'active')");
	check(!strcmp(bad, "0"), "every record's history at the store is a legal path (%s illegal steps)", bad);
	free(bad);
	/* every case's steps at the store, in the order the store took
	 * them: the stage moves the state machine allows, opened at
	 * compare (an objection) or review (a proposal), and once closed
	 * nothing but the end of a listing */
	bad = pg1(c,
		"WITH h AS (SELECT entity_id, kind, payload, server_seq,"
		"  bool_or(payload->'new'->>'status' = 'closed') OVER (PARTITION BY entity_id"
		"   ORDER BY server_seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)"
		"   AS was_closed"
		" FROM cd.op WHERE entity = 'workcase' AND result IN ('accepted', 'merged'))"
		" SELECT count(*) FROM h WHERE"
		"  (kind = 'insert' AND coalesce(payload->'new'->>'stage', '') NOT IN"
		"   ('compare', 'review', ''))"
		"  OR (kind = 'update' AND payload->'new' ? 'stage' AND"
		"   (payload->'old'->>'stage', payload->'new'->>'stage') NOT IN"
		"   (('compare', 'provider'), ('compare', 'review'), ('provider', 'review'),"
		"    ('review', 'compare'), ('review', 'provider'), ('review', 'done')))"
		"  OR (was_closed AND (SELECT count(*) FROM jsonb_object_keys(payload->'new') k"
		"   WHERE k NOT IN ('ended_at', 'ended_by', 'end_reason', 'row_version',"
		"    'updated_at', 'updated_by')) > 0)");
	char *cases = pg1(c, "SELECT count(DISTINCT entity_id) || ' cases, ' || count(*) ||"
			     " ' steps' FROM cd.op WHERE entity = 'workcase'"
			     " AND result IN ('accepted', 'merged')");
	check(!strcmp(bad, "0"), "every case's history at the store is a legal path (%s illegal steps; %s)",
	      bad, cases);
	free(cases);
	free(bad);
	char *n = pg1(c, "SELECT count(*) || ' ops, ' || count(*) FILTER (WHERE result = 'conflict')"
			 " || ' conflicts, ' || count(*) FILTER (WHERE result = 'rejected')"
			 " || ' rejected, ' || count(*) FILTER (WHERE result = 'merged') || ' merged'"
			 " FROM cd.op");
	printf("# the store received %s\n", n);
	free(n);
}

int main(int argc, char **argv)
{
	if (argc < 8 || argc - 6 > MAX_OFFICES) {
		fprintf(stderr, "usage: sync_sim CONNINFO WIRE SEED STEPS PASSWORD COUNTY_DB TOWN_DB...\n");
		return 2;
	}
	wiredir = argv[2];
	rng_state = strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ULL + 1;
	int steps = atoi(argv[4]);
	const char *pw = argv[5];
	noffices = argc - 6;
	struct cd_err err = {0};
	for (int k = 0; k < noffices; k++) {
		struct office *o = &offices[k];
		snprintf(o->path, sizeof o->path, "%s", argv[6 + k]);
		if (db_open(o->path, false, &o->db, &err) || central_get(o->db, &o->cfg, &err) ||
		    user_login(o->db, "clerk", pw, &o->clerk, &err) ||
		    user_login(o->db, "super", pw, &o->super, &err)) {
			fprintf(stderr, "sync_sim: %s: %s\n", o->path, err.msg);
			return 2;
		}
	}
	PGconn *c = PQconnectdb(argv[1]);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "sync_sim: %s", PQerrorMessage(c));
		return 2;
	}
	printf("1..%d\n", 4 * noffices + 4);
	for (int i = 0; i < steps; i++)
		step();
	printf("# after %d steps, %d messages on the wire\n", steps, nwire);
	check(settle(), "once the network heals, everything settles");
	check(errors == 0, "no message was refused (%d were)", errors);
	checks(c);
	PQfinish(c);
	for (int k = 0; k < noffices; k++)
		db_close(&offices[k].db);
	return tap_failed ? 1 : 0;
}
