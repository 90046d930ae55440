/* bench/gen.c: synthetic collection-template files of any size, with
 * valid identifiers on real county codes, Chinese names and company names,
 * catalog matters and documents; optionally GBK and with a share of bad
 * rows.  Writes to standard output in constant memory.
 *
 *   gen [--rows N] [--seed S] [--gbk] [--bad PERCENT] [--distinct N]
 *
 * --distinct limits the number of different subjects (repeat offenders). */
#include "config.h"

#include <getopt.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static iconv_t to_gbk = (iconv_t)-1;

static void out(const char *s)
{
	if (to_gbk == (iconv_t)-1) {
		fputs(s, stdout);
		return;
	}
	char buf[4096], *in = (char *)s, *o = buf;
	size_t inleft = strlen(s), oleft = sizeof buf;
	iconv(to_gbk, &in, &inleft, &o, &oleft);
	fwrite(buf, 1, sizeof buf - oleft, stdout);
}

int main(int argc, char **argv)
{
	long rows = 1000, distinct = 0;
	unsigned long long seed = 1;
	int bad_pct = 0;
	static const struct option opts[] = {
		{"rows", required_argument, NULL, 'r'},
		{"seed", required_argument, NULL, 's'},
		{"gbk", no_argument, NULL, 'g'},
		{"bad", required_argument, NULL, 'b'},
		{"distinct", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rows = atol(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 10); break;
		case 'g': to_gbk = iconv_open("GB18030", "UTF-8"); break;
		case 'b': bad_pct = atoi(optarg); break;
		case 'd': distinct = atol(optarg); break;
		default:
			fprintf(stderr, "usage: gen [--rows N] [--seed S] [--gbk] "
					"[--bad PERCENT] [--distinct N]\n");
			return 2;
		}
	}
	static const char *const person_matters[] = {
		"逃避隔离医学观察", "隐瞒重点地区旅行史", "不按规定报告接触史",
		"拒不执行疫情防控决定", "伤医扰乱医疗秩序"};
	static const char *const org_matters[] = {
		"防疫物资制假售假", "哄抬口罩价格", "虚假宣传消毒产品",
		"拒不履行商业合约", "擅自生产防护服"};
	struct synth *s = synth_new(seed), *subj = synth_new(seed + 1);
	out("序号,主体类型,名称,证件号码,事项,所属单位,填报单位,数据类型,文书号,决定日期\r\n");
	char line[1024], id[19], name[200], unit[200];
	for (long i = 1; i <= rows; i++) {
		/* with --distinct, subject k is always made from the same seed */
		if (distinct)
			synth_reseed(subj, seed * 1000003u + synth_rand(s, (uint32_t)distinct) + 1);
		bool person = synth_rand(subj, 2);
		if (person) {
			synth_resid(subj, id);
			synth_person_name(subj, name, sizeof name);
		} else {
			synth_uscc(subj, id);
			synth_org_name(subj, name, sizeof name);
		}
		if ((int)synth_rand(s, 100) < bad_pct)
			id[17] = id[17] == '1' ? '2' : '1'; /* a typo */
		synth_unit_name(s, unit, sizeof unit);
		int y = 2020 + (int)synth_rand(s, 6), m = 1 + (int)synth_rand(s, 12),
		    d = 1 + (int)synth_rand(s, 28);
		snprintf(line, sizeof line,
			 "%ld,%s,%s,%s,%s,%s,%s,不良,罚〔%d〕%ld号,%04d-%02d-%02d\r\n", i,
			 person ? "自然人" : "法人和其他组织", name, id,
			 person ? person_matters[synth_rand(s, 5)] : org_matters[synth_rand(s, 5)],
			 person ? "黑河市第一人民医院" : "", unit, y, i, y, m, d);
		out(line);
	}
	synth_free(&s);
	synth_free(&subj);
	return 0;
}
