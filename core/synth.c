/* core/synth.c: realistic synthetic subjects for the demo database and the
 * benchmarks: valid identifiers with real county codes, Chinese personal
 * and company names, reporting units.  Deterministic for a seed. */
#include "config.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "internal.h"

struct synth {
	uint64_t state;
	char (*counties)[7]; /* county-level codes (not ending in 00) */
	char **county_names;
	size_t ncounties;
};

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
	"马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
	"唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
	"潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
	"任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	"石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦",
	"邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴",
	"莫", "孔", "向", "汤", "单", "仇", "欧阳", "司马", "诸葛", "上官",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
	"杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "华",
	"建华", "文", "辉", "玲", "斌", "宇", "浩", "凯", "秀兰", "鹏", "飞",
	"婷", "雪", "琳", "晨", "欣", "子涵", "梓轩", "一诺", "浩然", "思远",
	"雨桐", "佳怡", "志强", "建国", "国庆", "红梅", "海燕", "春生", "德明",
	"丹", "莉", "波", "红", "峰", "俊", "亮", "鑫", "宁", "彬", "蕾", "倩",
};
static const char *const trade_words[] = {
	"恒达", "鑫源", "华泰", "瑞丰", "宏远", "金桥", "东方", "新创", "利民",
	"安康", "顺发", "中天", "永兴", "博雅", "嘉禾", "天成", "正阳", "信达",
	"万通", "百川", "龙腾", "兴旺", "德胜", "合力", "长青", "银河", "福瑞",
};
static const char *const industries[] = {
	"医疗器械", "商贸", "药业", "物流", "食品", "建筑工程", "科技", "农业",
	"防护用品", "纺织", "超市", "餐饮管理", "物业管理", "电子", "化工",
};
static const char *const suffixes[] = {
	"有限公司", "有限责任公司", "股份有限公司", "经营部", "合作社",
};
static const char *const bureaus[] = {
	"市场监督管理局", "卫生健康局", "公安局", "交通运输局", "发展和改革局",
	"人力资源和社会保障局", "应急管理局", "生态环境局", "人民法院",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

uint32_t synth_rand(struct synth *s, uint32_t bound)
{
	/* xorshift64* */
	s->state ^= s->state >> 12;
	s->state ^= s->state << 25;
	s->state ^= s->state >> 27;
	uint64_t r = s->state * 0x2545F4914F6CDD1DULL;
	return bound ? (uint32_t)((r >> 32) % bound) : (uint32_t)(r >> 32);
}

struct synth *synth_new(uint64_t seed)
{
	struct synth *s = xcalloc(1, sizeof *s);
	s->state = seed ? seed : 0x9E3779B97F4A7C15ULL;
	size_t cap = 0;
	const char *p = cd_data_divisions;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		/* code TAB name TAB parent: six-digit county codes only */
		if (len > 8 && p[6] == '\t' && p[0] != '#' &&
		    memcmp(p + 4, "00", 2) != 0) {
			if (s->ncounties == cap) {
				cap = cap ? cap * 2 : 1024;
				s->counties = xrealloc(s->counties, cap * sizeof *s->counties);
				s->county_names = xrealloc(s->county_names,
							   cap * sizeof *s->county_names);
			}
			memcpy(s->counties[s->ncounties], p, 6);
			s->counties[s->ncounties][6] = '\0';
			const char *name = p + 7;
			const char *tab = memchr(name, '\t', len - 7);
			size_t nl = tab ? (size_t)(tab - name) : len - 7;
			s->county_names[s->ncounties] = xstrndup(name, nl);
			s->ncounties++;
		}
		p += len + (eol ? 1 : 0);
	}
	return s;
}

void synth_reseed(struct synth *s, uint64_t seed)
{
	s->state = seed ? seed : 0x9E3779B97F4A7C15ULL;
	synth_rand(s, 0); /* mix small seeds */
	synth_rand(s, 0);
}

void synth_free(struct synth **ps)
{
	struct synth *s = *ps;
	if (!s)
		return;
	for (size_t i = 0; i < s->ncounties; i++)
		free(s->county_names[i]);
	free(s->county_names);
	free(s->counties);
	free(s);
	*ps = NULL;
}

void synth_resid(struct synth *s, char out[19])
{
	const char *county = s->counties[synth_rand(s, (uint32_t)s->ncounties)];
	int y = 1950 + (int)synth_rand(s, 56), m = 1 + (int)synth_rand(s, 12);
	int d = 1 + (int)synth_rand(s, 28);
	snprintf(out, 19, "%s%04d%02d%02d%03u", county, y, m, d,
		 synth_rand(s, 1000));
	out[17] = resid_check_char(out);
	out[18] = '\0';
}

void synth_uscc(struct synth *s, char out[19])
{
	static const char alnum[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const char authorities[] = "9999999915NY";
	const char *county = s->counties[synth_rand(s, (uint32_t)s->ncounties)];
	out[0] = authorities[synth_rand(s, sizeof authorities - 1)];
	out[1] = (char)('1' + synth_rand(s, 3));
	memcpy(out + 2, county, 6);
	for (int i = 8; i < 16; i++)
		out[i] = alnum[synth_rand(s, 10 + (i > 8 ? 21 : 0))];
	out[16] = orgcode_check_char(out + 8);
	out[17] = uscc_check_char(out);
	out[18] = '\0';
}

void synth_person_name(struct synth *s, char *out, size_t n)
{
	snprintf(out, n, "%s%s", surnames[synth_rand(s, COUNT(surnames))],
		 given[synth_rand(s, COUNT(given))]);
}

void synth_org_name(struct synth *s, char *out, size_t n)
{
	const char *county = s->county_names[synth_rand(s, (uint32_t)s->ncounties)];
	snprintf(out, n, "%s%s%s%s", county, trade_words[synth_rand(s, COUNT(trade_words))],
		 industries[synth_rand(s, COUNT(industries))],
		 suffixes[synth_rand(s, COUNT(suffixes))]);
}

void synth_unit_name(struct synth *s, char *out, size_t n)
{
	const char *county = s->county_names[synth_rand(s, (uint32_t)s->ncounties)];
	snprintf(out, n, "%s%s", county, bureaus[synth_rand(s, COUNT(bureaus))]);
}
