/* core/recordhist.c: a record's versions as the audit log keeps them
 * (issue 16: the dossier shows each record's versions and the reason for
 * each change).  The log holds each change's row as it was before; the
 * row after a change is the next change's "before", or the row now. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "core/core.h"
#include "core/i18n.h"
#include "internal.h"

/* What a change of the record is called where it is shown. */
static const char *change_label(const char *op)
{
	static const struct {
		const char *op, *label;
	} ops[] = {
		{"record.create", N_("entered")},
		{"record.correct", N_("corrected")},
		{"record.withdraw", N_("withdrawn")},
		{"record.archive", N_("archived at the end of its retention")},
		{"record.item_confirmed", N_("item confirmed by the clerk")},
	};
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (!strcmp(ops[i].op, op))
			return _(ops[i].label);
	return op;
}

/* A column of credit_record as the clerk reads it. */
static const char *field_label(const char *col)
{
	static const struct {
		const char *col, *label;
	} cols[] = {
		{"subject_id", N_("subject")},	     {"item_id", N_("catalog item")},
		{"polarity", N_("good or bad")},      {"matter", N_("matter")},
		{"reporting_unit", N_("reporting unit")},
		{"affiliated_unit", N_("affiliated unit")},
		{"doc_kind", N_("kind of document")}, {"doc_number", N_("document number")},
		{"doc_date", N_("document date")},    {"doc_issuer", N_("issuing authority")},
		{"consent_ref", N_("consent")},	     {"status", N_("status")},
		{"disclose_from", N_("disclosure")},  {"disclose_until", N_("disclosure")},
		{"repair_from", N_("repair date")},   {"catalog_version", N_("catalog version")},
		{"procedure", N_("procedure")},	     {"gender", N_("gender")},
		{"behaviour_end", N_("end of the behaviour")},
	};
	for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
		if (!strcmp(cols[i].col, col))
			return _(cols[i].label);
	return col;
}

enum cd_status record_history(struct cd_db *db, const char *record_id,
			      void (*fn)(void *arg, const struct record_change *c),
			      void *arg, struct cd_err *err)
{
	char *now = audit_row_json(db, "credit_record", record_id);
	if (!now)
		return cd_err_set(err, CD_NOT_FOUND, _("There is no credit record %s."),
				  record_id);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(
		    db->h,
		    "WITH e AS (SELECT a.seq, a.at, coalesce(u.login, a.actor) AS who, a.op,"
		    " coalesce(a.reason, '') AS reason, a.old_values AS before,"
		    " lead(a.old_values) OVER (ORDER BY a.seq) AS next"
		    " FROM audit_log a LEFT JOIN app_user u ON u.id = a.actor"
		    " WHERE a.entity = 'credit_record' AND a.entity_id = ?1"
		    " AND (a.op = 'record.create' OR a.old_values IS NOT NULL))"
		    " SELECT at, who, op, reason,"
		    " coalesce(json_extract(coalesce(next, ?2), '$.row_version'), 1),"
		    " (SELECT group_concat(o.key, ' ') FROM json_each(e.before) o"
		    "  WHERE o.key NOT IN ('seq', 'id', 'node', 'created_at', 'created_by',"
		    "  'updated_at', 'updated_by', 'row_version', 'status_at', 'status_by',"
		    "  'status_reason', 'import_batch')"
		    "  AND o.value IS NOT json_extract(coalesce(e.next, ?2), '$.\"' || o.key || '\"'))"
		    " FROM e ORDER BY seq",
		    -1, &st, NULL) != SQLITE_OK) {
		free(now);
		return db_error(db, err, _("Reading the record's history"));
	}
	sqlite3_bind_text(st, 1, record_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct record_change c = {0};
		clock_local_minute(col_text(st, 0), c.at);
		col_copy(c.who, sizeof c.who, st, 1);
		c.what = change_label(col_text(st, 2));
		c.reason = col_text(st, 3);
		c.version = sqlite3_column_int(st, 4);
		/* the fields changed, as labels, each once */
		struct strbuf sb = {0};
		char *keys = xstrdup(col_text(st, 5));
		for (char *save, *k = strtok_r(keys, " ", &save); k;
		     k = strtok_r(NULL, " ", &save)) {
			const char *l = field_label(k);
			if (sb.buf && strstr(sb.buf, l))
				continue;
			sb_addf(&sb, "%s%s", sb.buf ? _(", ") : "", l);
		}
		c.fields = sb.buf ? sb.buf : "";
		fn(arg, &c);
		free(keys);
		sb_free(&sb);
	}
	sqlite3_finalize(st);
	free(now);
	return CD_OK;
}
