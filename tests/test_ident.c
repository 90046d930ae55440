/* tests/test_ident.c: identifiers (GB 11643, GB 32100, GB 11714), dates,
 * masking and UUIDv7. */
#include "config.h"

#include "testutil.h"

static bool never_known(void *ctx, const char *code)
{
	(void)ctx;
	(void)code;
	return false;
}

static void test_resid_standard_example(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(resid_check("11010519491231002X", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	assert_string_equal(ck.birth, "1949-12-31");
	assert_int_equal(ck.gender, 'F');
	assert_string_equal(ck.division, "110105");
	/* lower-case x and spaces as typed at the window */
	assert_int_equal(resid_check(" 110105 19491231 002x ", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	assert_int_equal(resid_check_char("11010519491231002"), 'X');
	/* what a copy from a web page or a chat brings, and no clerk sees:
	 * zero-width spaces, a BOM, a soft hyphen, a thin space */
	assert_int_equal(resid_check("\u200B110105\u200C19491231\u2009002X\uFEFF\u00AD", NULL,
				     NULL, &ck, &err),
			 CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
}

static void test_resid_wrong_check_names_expected(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(resid_check("110105194912310021", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "should be X");
	assert_contains(err.msg, "position 18");
	assert_int_equal(resid_check("11010519491231002Y", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "should be X");
	assert_int_equal(resid_check("1101051949123100", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "16 characters");
	assert_int_equal(resid_check("11010A19491231002X", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 6");
	assert_int_equal(resid_check("", NULL, NULL, &ck, &err), CD_INVALID);
	/* a Chinese character is told as itself, counted in characters */
	assert_int_equal(resid_check("11010一19491231002X", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 6 is '一'");
	assert_int_equal(resid_check("11010519491231002X号", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 19 is '号'");
}

static void test_resid_dates(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	char id[19] = "11010519490230001";
	id[17] = resid_check_char(id), id[18] = 0; /* 30 February */
	assert_int_equal(resid_check(id, NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "not a real date");
	memcpy(id, "11010520991231001", 17); /* born in 2099 */
	id[17] = resid_check_char(id);
	assert_int_equal(resid_check(id, NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "future");
	memcpy(id, "11010520000229001", 17); /* a leap day */
	id[17] = resid_check_char(id);
	assert_int_equal(resid_check(id, NULL, NULL, &ck, &err), CD_OK);
	assert_int_equal(ck.gender, 'M');
}

static void test_resid_legacy_upgrade(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(resid_check("110105491231002", NULL, NULL, &ck, &err), CD_OK);
	assert_true(ck.upgraded);
	assert_string_equal(ck.normalized, "11010519491231002X");
	assert_int_equal(resid_check("110105491331002", NULL, NULL, &ck, &err), CD_INVALID);
}

static void test_resid_unknown_division_is_warning(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(resid_check("11010519491231002X", never_known, NULL, &ck, &err), CD_OK);
	assert_true(ck.division_unknown);
	assert_contains(ck.warning, "110105");
}

/* Every single-digit substitution is caught by MOD 11-2. */
static void test_resid_generated_and_corrupted(void **state)
{
	(void)state;
	struct synth *s = synth_new(42);
	struct id_check ck;
	struct cd_err err = {0};
	for (int n = 0; n < 2000; n++) {
		char id[19];
		synth_resid(s, id);
		assert_int_equal(resid_check(id, NULL, NULL, &ck, &err), CD_OK);
		int pos = (int)synth_rand(s, 17);
		char bad[19];
		memcpy(bad, id, 19);
		bad[pos] = (char)('0' + (bad[pos] - '0' + 1 + synth_rand(s, 9)) % 10);
		assert_int_not_equal(resid_check(bad, NULL, NULL, &ck, &err), CD_OK);
		/* swapping two different neighbours is caught too */
		memcpy(bad, id, 19);
		if (bad[pos] != bad[pos + 1] && pos < 16) {
			char t = bad[pos];
			bad[pos] = bad[pos + 1];
			bad[pos + 1] = t;
			assert_int_not_equal(resid_check(bad, NULL, NULL, &ck, &err), CD_OK);
		}
	}
	synth_free(&s);
}

static void test_uscc_standard_example(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(uscc_check("91110000600037341L", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.division, "110000");
	assert_false(ck.orgcode_mismatch);
	assert_int_equal(uscc_check_char("91110000600037341"), 'L');
	assert_int_equal(orgcode_check_char("60003734"), '1');
	assert_int_equal(uscc_check("9111 0000 6000 3734 1l", NULL, NULL, &ck, &err), CD_OK);
}

/* Every registering authority code, A, N and Y included. */
static void test_uscc_every_authority(void **state)
{
	(void)state;
	const char *auth = "123456789ANY";
	struct id_check ck;
	struct cd_err err = {0};
	for (const char *a = auth; *a; a++) {
		char id[19] = "X1110000600037341";
		id[0] = *a;
		id[17] = uscc_check_char(id);
		id[18] = 0;
		assert_int_equal(uscc_check(id, NULL, NULL, &ck, &err), CD_OK);
	}
	char id[19] = "B1110000600037341";
	id[17] = uscc_check_char(id), id[18] = 0;
	assert_int_equal(uscc_check(id, NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "registering authority");
}

static void test_uscc_errors(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(uscc_check("91110000600037341K", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "should be L");
	assert_int_equal(uscc_check("9111000060003734IL", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 17");
	assert_contains(err.msg, "never uses");
	assert_int_equal(uscc_check("911100006000373", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "15 characters");
	assert_int_equal(uscc_check("91A10000600037341L", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 3");
	assert_int_equal(uscc_check("91110000号00037341L", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 9 is '号'");
	assert_int_equal(uscc_check("\u200B91110000600037341L\u200B", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "91110000600037341L");
}

static void test_uscc_orgcode_mismatch_is_warning(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	char id[19] = "91110000600037342"; /* organisation code check broken */
	id[17] = uscc_check_char(id), id[18] = 0;
	assert_int_equal(uscc_check(id, NULL, NULL, &ck, &err), CD_OK);
	assert_true(ck.orgcode_mismatch);
	assert_contains(ck.warning, "positions 9-17");
}

static void test_uscc_generated_and_corrupted(void **state)
{
	(void)state;
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	struct synth *s = synth_new(7);
	struct id_check ck;
	struct cd_err err = {0};
	for (int n = 0; n < 2000; n++) {
		char id[19];
		synth_uscc(s, id);
		assert_int_equal(uscc_check(id, NULL, NULL, &ck, &err), CD_OK);
		assert_false(ck.orgcode_mismatch);
		int pos = 8 + (int)synth_rand(s, 10); /* a free position */
		char bad[19];
		memcpy(bad, id, 19);
		const char *p = strchr(alpha, bad[pos]);
		bad[pos] = alpha[((p - alpha) + 1 + synth_rand(s, 30)) % 31];
		assert_int_not_equal(uscc_check(bad, NULL, NULL, &ck, &err), CD_OK);
	}
	synth_free(&s);
}

/* id check without --type (issue 17): a resident ID or a code mistyped
 * (a character changed, dropped, doubled, two swapped) is never passed
 * as a valid document of another type; full-width digits count as
 * digits. */
static void mutate(struct synth *s, const char *id, int how, char *out)
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	size_t n = strlen(id);
	size_t pos = synth_rand(s, (uint32_t)n);
	strcpy(out, id);
	switch (how) {
	case 0: /* changed */
	{
		const char *at = strchr(alpha, out[pos]);
		size_t k = at ? (size_t)(at - alpha) : 0;
		/* a digit for a digit mostly, as a slip of the finger */
		out[pos] = k < 10 && synth_rand(s, 4) ? alpha[(k + 1 + synth_rand(s, 9)) % 10]
						      : alpha[(k + 1 + synth_rand(s, 30)) % 31];
	}
		break;
	case 1: /* dropped */
		memmove(out + pos, out + pos + 1, n - pos);
		break;
	case 2: /* doubled */
		memmove(out + pos + 1, out + pos, n - pos + 1);
		break;
	default: /* two neighbours swapped */
		if (pos + 1 < n) {
			char t = out[pos];
			out[pos] = out[pos + 1];
			out[pos + 1] = t;
		}
	}
}

static void test_guess_never_passes_a_mistyped_id(void **state)
{
	(void)state;
	struct synth *s = synth_new(2024);
	struct id_check ck;
	struct cd_err err = {0};
	int tried = 0;
	for (int i = 0; i < 2000; i++) {
		char id[19], bad[24];
		bool resid = i % 2 == 0;
		if (resid)
			synth_resid(s, id);
		else
			synth_uscc(s, id);
		mutate(s, id, i / 2 % 4, bad);
		enum cd_status own = resid ? resid_check(bad, NULL, NULL, &ck, NULL)
					   : uscc_check(bad, NULL, NULL, &ck, NULL);
		if (own == CD_OK)
			continue; /* the mistake made another valid number */
		tried++;
		enum id_type t = id_guess_type(bad);
		if (id_check_any(t, bad, NULL, NULL, &ck, &err) == CD_OK)
			fail_msg("%s (from %s %s) passed as a valid %s", bad,
				 resid ? "resident ID" : "USCC", id, id_type_code(t));
	}
	assert_true(tried > 1800);
	synth_free(&s);
	/* full-width digits and letters (a Chinese input method's mode) */
	assert_int_equal(id_guess_type("１１０１０５１９４９１２３１００２Ｘ"), ID_RESIDENT);
	assert_int_equal(resid_check("１１０１０５１９４９１２３１００２Ｘ", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	/* Excel's mark of text, written into some exports */
	assert_int_equal(resid_check("'11010519491231002x", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	/* in groups, as some systems print it; a full-width hyphen too */
	assert_int_equal(id_guess_type("110105-19491231-002X"), ID_RESIDENT);
	assert_int_equal(resid_check("110105-19491231-002X", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	assert_int_equal(resid_check("110105－19491231－002X", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "11010519491231002X");
	assert_int_equal(uscc_check("9111-0000-6000-3734-1L", NULL, NULL, &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "91110000600037341L");
	/* a hyphen where the rest is no such number stays, and is told */
	assert_int_equal(resid_check("110105-1949123100", NULL, NULL, &ck, &err), CD_INVALID);
	/* and its count is of the characters between the hyphens: 17 here,
	 * not the 19 a clerk would not find */
	assert_int_equal(resid_check("110105-19491231-002", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "has 17 characters besides its 2 hyphens");
	assert_int_equal(uscc_check("9111-0000-6000-3734-1", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "has 17 characters besides its 4 hyphens");
	assert_int_equal(resid_check("1101051949123100211", NULL, NULL, &ck, &err), CD_INVALID);
	assert_contains(err.msg, "has 19 characters:");
	assert_int_equal(id_guess_type("91110000600037341L"), ID_USCC);
	assert_int_equal(id_guess_type("E12345678"), ID_PASSPORT);
	assert_int_equal(id_guess_type("H12345678"), ID_HKMO_PERMIT);
}

static void test_other_documents(void **state)
{
	(void)state;
	struct id_check ck;
	struct cd_err err = {0};
	assert_int_equal(otherid_check(ID_PASSPORT, "e12345678", &ck, &err), CD_OK);
	assert_string_equal(ck.normalized, "E12345678");
	assert_int_equal(otherid_check(ID_HKMO_PERMIT, "H1234", &ck, &err), CD_OK);
	assert_int_equal(otherid_check(ID_TW_PERMIT, "12", &ck, &err), CD_INVALID);
	assert_int_equal(otherid_check(ID_PASSPORT, "E123-4567", &ck, &err), CD_INVALID);
	assert_contains(err.msg, "character 5");
	enum id_type t;
	assert_true(id_type_from_text("护照", &t));
	assert_int_equal(t, ID_PASSPORT);
	assert_true(id_type_from_text("港澳居民来往内地通行证", &t));
	assert_int_equal(t, ID_HKMO_PERMIT);
	/* as units' files write them: a business licence's number is the
	 * unified code since 2015; 往来 for 来往 */
	static const struct {
		const char *text;
		enum id_type t;
	} written[] = {{"营业执照", ID_USCC}, {"社会信用代码", ID_USCC},
		       {"统一代码", ID_USCC}, {"居民身份证号码", ID_RESIDENT},
		       {"二代身份证", ID_RESIDENT}, {"港澳居民往来内地通行证", ID_HKMO_PERMIT},
		       {"台湾居民往来大陆通行证", ID_TW_PERMIT}};
	for (size_t i = 0; i < sizeof written / sizeof *written; i++) {
		assert_true(id_type_from_text(written[i].text, &t));
		assert_int_equal(t, written[i].t);
	}
	assert_false(id_type_from_text("组织机构代码", &t)); /* nine characters: no longer one */
	assert_int_equal(id_guess_type("11010519491231002X"), ID_RESIDENT);
	assert_int_equal(id_guess_type("91110000600037341L"), ID_USCC);
	assert_int_equal(id_guess_type("11010519491231002"), ID_RESIDENT);
}

static void test_mask(void **state)
{
	(void)state;
	char out[64];
	id_mask("11010519491231002X", out, sizeof out);
	assert_string_equal(out, "110105********002X");
	id_mask("E12345678", out, sizeof out);
	assert_string_equal(out, "E1*****78");
	id_mask("E123", out, sizeof out);
	assert_string_equal(out, "E1****");
	/* a number as a file wrote it: masked by characters, never a
	 * character cut in two */
	id_mask("４１１５２５１９７２０３１３３７６４", out, sizeof out);
	assert_string_equal(out, "４１１５２５********３７６４");
	id_mask("京A12345", out, sizeof out);
	assert_string_equal(out, "京A***45");
	id_mask("", out, sizeof out);
	assert_string_equal(out, "****");
	char small[8];
	id_mask("11010519491231002X", small, sizeof small);
	assert_string_equal(small, "110105*");
	/* what every output shows: masked, organisations' codes too; the
	 * full number only to the subject itself */
	id_display("91110000600037341L", false, out, sizeof out);
	assert_string_equal(out, "911100********341L");
	id_display("11010519491231002X", true, out, sizeof out);
	assert_string_equal(out, "11010519491231002X");
}

/* 主体类型 and 数据类型 as templates write them, a note after the word */
static void test_kind_and_polarity_words(void **state)
{
	(void)state;
	enum subject_kind k;
	enum polarity p;
	assert_true(subject_kind_from_text("自然人（个人）", &k));
	assert_int_equal(k, SUBJ_PERSON);
	assert_true(subject_kind_from_text("法人 (企业)", &k));
	assert_int_equal(k, SUBJ_ORG);
	assert_true(subject_kind_from_text("个体工商户", &k));
	assert_int_equal(k, SUBJ_ORG);
	assert_true(polarity_from_text("不良（失信）", &p));
	assert_int_equal(p, POL_BAD);
	assert_true(polarity_from_text("优良【守信】", &p));
	assert_int_equal(p, POL_GOOD);
	/* the word before the note must be one; a note alone is none */
	assert_false(subject_kind_from_text("居民（个人）", &k));
	assert_false(subject_kind_from_text("（个人）", &k));
	assert_false(subject_kind_from_text("自然人（个人", &k));
	assert_false(polarity_from_text("黑名单（不良）", &p));
}

static void test_dates(void **state)
{
	(void)state;
	int y, m, d;
	const char *ok[] = {"2026-03-05", "2026/3/5", "2026.03.05", "20260305",
			    "2026年3月5日", "2026-03-05 00:00:00",
			    /* typed in an input method's full-width mode */
			    "２０２６－０３－０５", "２０２６年３月５日", "２０２６０３０５",
			    /* as said (号), as other systems export (ISO 8601), as
			     * official documents are dated (Chinese numerals) */
			    "2026年3月5号", "2026-03-05T08:30:00", "2026-03-05T08:30:00+08:00",
			    "二〇二六年三月五日", "二零二六年三月五号", " 2026-03-05 ",
			    /* spaced as a document copied from may have it */
			    "2026 年 3 月 5 日", "2026. 3. 5", "2026 - 03 - 05", "2026/3/5 8:30"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (!date_parse(ok[i], &y, &m, &d))
			fail_msg("not read as a date: %s", ok[i]);
		assert_int_equal(y * 10000 + m * 100 + d, 20260305);
	}
	const struct {
		const char *in;
		int want;
	} cn[] = {{"二〇二六年十月十日", 20261010}, {"二〇二六年十二月二十一日", 20261221},
		  {"二〇二六年一月三十一日", 20260131}, {"二〇二六年十一月二十日", 20261120}};
	for (size_t i = 0; i < sizeof cn / sizeof cn[0]; i++) {
		assert_true(date_parse(cn[i].in, &y, &m, &d));
		assert_int_equal(y * 10000 + m * 100 + d, cn[i].want);
	}
	const char *bad[] = {"2026-02-30", "next week", "05/03/2026", "2026-03",
			     "二〇二六年二月三十日", "二〇二六年三月", "2026-03-05X",
			     "2026 3 5", "2026-03-05 日X"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (date_parse(bad[i], &y, &m, &d))
			fail_msg("read as a date: %s", bad[i]);
	/* a date's shape with no such day: the part that is wrong is said */
	char out[11];
	struct cd_err err = {0};
	assert_int_equal(check_date("2026-02-30", "The decision date", out, &err), CD_INVALID);
	assert_string_equal(err.msg, "The decision date: '2026-02-30' has no day 30: 2026-02 has "
				     "28 days; check the day.");
	assert_int_equal(check_date("二〇二四年二月三十日", "D", out, &err), CD_INVALID);
	assert_string_equal(err.msg, "D: '二〇二四年二月三十日' has no day 30: 2024-02 has 29 days; "
				     "check the day.");
	assert_int_equal(check_date("2026-13-05", "D", out, &err), CD_INVALID);
	assert_string_equal(err.msg, "D: '2026-13-05' has no month 13 (a date is written "
				     "year-month-day: 2026-03-05); check the month.");
	assert_int_equal(check_date("20260000", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "has no month 0");
	/* not a date's shape, or a year no record has: as before */
	/* the year last: the readings the calendar allows, none taken */
	assert_int_equal(check_date("05/03/2026", "D", out, &err), CD_INVALID);
	assert_string_equal(err.msg, "D: '05/03/2026' puts the year last, and which number is "
				     "the month cannot be told: write it year-month-day, "
				     "2026-03-05 or 2026-05-03, as the document has it.");
	assert_int_equal(check_date("25.4.2026", "D", out, &err), CD_INVALID);
	assert_string_equal(err.msg, "D: '25.4.2026' puts the year last: write it year-month-day "
				     "(2026-04-25).");
	assert_int_equal(check_date("4/4/2026 0:00", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "year-month-day (2026-04-04)");
	assert_int_equal(check_date("31/31/2026", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date; write it as 2026-03-05");
	assert_int_equal(check_date("5/3/26", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date; write it as 2026-03-05");
	/* runs of digits of any length (the fuzzer's): no overflow, told */
	assert_int_equal(check_date("110105194912310021/4/2026", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date");
	assert_int_equal(check_date("5/110105194912310021/2026", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date");
	assert_int_equal(check_date("5/4/110105194912310021", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date");
	assert_int_equal(check_date("0026-02-30", "D", out, &err), CD_INVALID);
	assert_contains(err.msg, "is not a date");
	assert_int_equal(check_date("2024-02-29", "D", out, &err), CD_OK);
	assert_string_equal(out, "2024-02-29");
	date_add_months("2024-01-31", 1, out);
	assert_string_equal(out, "2024-02-29");
	date_add_months("2026-11-23", 36, out);
	assert_string_equal(out, "2029-11-23");
	date_add_months("2026-01-15", -2, out);
	assert_string_equal(out, "2025-11-15");
}

static void test_uuid7(void **state)
{
	(void)state;
	char prev[37] = "", id[37];
	for (int i = 0; i < 20000; i++) {
		uuid7_new(id);
		assert_int_equal(strlen(id), 36);
		assert_int_equal(id[14], '7');
		assert_true(strchr("89ab", id[19]) != NULL);
		assert_true(strcmp(prev, id) < 0);
		memcpy(prev, id, 37);
	}
}

static void test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("张伟", strlen("张伟")));
	assert_false(utf8_valid("\xD5\xC5\xCE\xB0", 4)); /* 张伟 in GBK */
	bool bad;
	assert_int_equal(utf8_valid_prefix("ab\xE5\xBC", 4, &bad), 2);
	assert_false(bad);
	/* cut to a room in bytes: whole characters only */
	assert_int_equal(utf8_cut("ab张伟", 4), 2);
	assert_int_equal(utf8_cut("ab张伟", 5), 5);
	assert_int_equal(utf8_cut("ab张伟", 100), 8);
	/* encoded, and read back, at each length */
	static const uint32_t cps[] = {'A', 0xE9, 0x5F20, 0x20BB7};
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char enc[4];
		size_t n = utf8_put(enc, cps[i]);
		assert_int_equal(n, i + 1);
		const char *p = enc;
		assert_int_equal(utf8_next(&p, enc + n), (int32_t)cps[i]);
		assert_ptr_equal(p, enc + n);
	}
	char s[64] = "\xE3\x80\x80 张伟\xC2\xA0 ";
	assert_string_equal(utf8_trim(s), "张伟");
	strcpy(s, "\u2003张伟\u202F\u205F");
	assert_string_equal(utf8_trim(s), "张伟");
	/* characters that show nothing go; the rest stays, however wide */
	strcpy(s, "\u200B张\u200D伟\u2060\u00AD\u202E\u2067");
	utf8_drop_invisible(s);
	assert_string_equal(s, "张伟");
	strcpy(s, "\u2009张伟 Co\u00A0");
	utf8_drop_invisible(s);
	assert_string_equal(s, "\u2009张伟 Co\u00A0");
	char wide[5];
	assert_int_equal(utf8_first_wide("ab张c", wide), 3);
	assert_string_equal(wide, "张");
	assert_int_equal(utf8_first_wide("abc", wide), 0);
	assert_int_equal(utf8_first_wide("\U00020BB7", wide), 1);
	assert_string_equal(wide, "\U00020BB7");
	/* names: spaces between Chinese characters are alignment */
	char n[64] = "赵  六";
	name_tidy(n);
	assert_string_equal(n, "赵六");
	strcpy(n, "赵\u200B六");
	name_tidy(n);
	assert_string_equal(n, "赵六");
	strcpy(n, "某某（北京）\xE3\x80\x80科技 Co  Ltd 公司");
	name_tidy(n);
	assert_string_equal(n, "某某（北京）科技 Co  Ltd 公司");
	strcpy(n, "某某 (北京) 科技 (Jr.) X (Y) 7");
	name_tidy(n);
	assert_string_equal(n, "某某(北京)科技(Jr.) X (Y) 7");
	assert_true(name_same("某某（北京）科技", "某某 (北京) 科技"));
	assert_true(name_same("ＡＢＣ公司", "abc公司"));
	assert_false(name_same("某某（北京）科技", "某某（天津）科技"));
	assert_false(name_same("赵六", "赵六六"));
	/* document numbers: the year's brackets as the standards write them */
	const char *docs[][2] = {
		{"京市监罚[2026]12号", "京市监罚〔2026〕12号"},
		{" 京市监罚 【２０２６】 １２号 ", "京市监罚〔2026〕12号"},
		{"京市监罚［2026］12号", "京市监罚〔2026〕12号"},
		{"京市监罚〔2026〕12号", "京市监罚〔2026〕12号"},
		{"(2026)京0105行初1号", "（2026）京0105行初1号"},
		{"（2026）京0105行初1号", "（2026）京0105行初1号"},
		{"京罚字(补)第3号", "京罚字(补)第3号"},   /* no year: as typed */
		{"京罚[20261]号", "京罚[20261]号"},
		{"Case No. 5", "Case No. 5"},
	};
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
		char d[128];
		strcpy(d, docs[i][0]);
		doc_number_tidy(d);
		assert_string_equal(d, docs[i][1]);
	}
}

int main(void)
{
	fakeclock_day("2026-11-23");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resid_standard_example),
		cmocka_unit_test(test_resid_wrong_check_names_expected),
		cmocka_unit_test(test_resid_dates),
		cmocka_unit_test(test_resid_legacy_upgrade),
		cmocka_unit_test(test_resid_unknown_division_is_warning),
		cmocka_unit_test(test_resid_generated_and_corrupted),
		cmocka_unit_test(test_uscc_standard_example),
		cmocka_unit_test(test_uscc_every_authority),
		cmocka_unit_test(test_uscc_errors),
		cmocka_unit_test(test_uscc_orgcode_mismatch_is_warning),
		cmocka_unit_test(test_uscc_generated_and_corrupted),
		cmocka_unit_test(test_other_documents),
		cmocka_unit_test(test_guess_never_passes_a_mistyped_id),
		cmocka_unit_test(test_mask),
		cmocka_unit_test(test_kind_and_polarity_words),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_uuid7),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
