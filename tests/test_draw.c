/* tests/test_draw.c: the screens' text wrapping (tui/screens/draw.c,
 * no terminal needed): Chinese breaks where a line is full, English at a
 * space, a line never starts with a closing mark. */
#include "config.h"

#include <locale.h>

#include "testutil.h"
#include "tui/screens/ui.h"

/* A Chinese reason with spaces around its numbers fills its lines: the
 * look-back for a space is for English words (it used to end the line
 * at "13 月" or "如 2026-03-05", a row more for the same text). */
static void test_chinese_fills_lines(void **state)
{
	(void)state;
	static const char reason[] = "决定日期：“2025-13-45”中没有 13 月（日期按年-月-日填写，"
				     "如 2026-03-05）；请核对月份。";
	assert_int_equal(str_width(reason), 85);
	/* two full lines from 44 columns (85 = 44 + 41); the old look-back
	 * took three up to 52 */
	for (int cols = 44; cols <= 60; cols++)
		if (ui_text_rows(reason, cols) != 2)
			fail_msg("%d rows at %d columns", ui_text_rows(reason, cols), cols);
	assert_int_equal(ui_text_rows(reason, 36), 3);
}

/* English breaks at a space: no word is cut while one fits on a line. */
static void test_english_at_spaces(void **state)
{
	(void)state;
	static const char text[] = "check the path (type it whole, or choose the file from the "
				   "list: F4).";
	/* 20 columns: "check the path (type" "it whole, or choose" "the file from the" "list: F4)." */
	assert_int_equal(ui_text_rows(text, 20), 4);
	/* a date beside Chinese is a word too: kept whole */
	assert_int_equal(ui_text_rows("请填写决定日期，如 2026-03-05", 24), 2);
}

/* No line starts with a closing mark: the character before goes down. */
static void test_closing_mark(void **state)
{
	(void)state;
	/* 10 columns hold 五个汉字; the sixth is followed by 。 */
	assert_int_equal(ui_text_rows("一二三四五。", 10), 2);
	assert_int_equal(ui_text_rows("一二三四五", 10), 1);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chinese_fills_lines),
		cmocka_unit_test(test_english_at_spaces),
		cmocka_unit_test(test_closing_mark),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
