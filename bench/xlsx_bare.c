/* bench/xlsx_bare.c: the floor of an xlsx export, for bench/export_bench.sh:
 * a bare libxlsxwriter loop (constant_memory, no formats, no widths, no
 * print set-up) writing the rows of a tab-separated file as strings.
 *
 *   xlsx_bare ROWS.tsv OUT.xlsx [--sync]
 *
 * --sync: fsync the file after it is written, as creditdesk does for
 * every file it makes (a durable writer's floor). */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

int main(int argc, char **argv)
{
	if (argc != 3 && !(argc == 4 && !strcmp(argv[3], "--sync"))) {
		fprintf(stderr, "usage: xlsx_bare ROWS.tsv OUT.xlsx [--sync]\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(argv[2], &opt);
	lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	lxw_row_t row = 0;
	while ((n = getline(&line, &cap, in)) > 0) {
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		/* every field in its column, an empty one left unwritten (as
		 * creditdesk's export leaves it) */
		lxw_col_t col = 0;
		for (char *f = line, *tab;; f = tab + 1, col++) {
			tab = strchr(f, '\t');
			if (tab)
				*tab = '\0';
			if (*f)
				worksheet_write_string(ws, row, col, f, NULL);
			if (!tab)
				break;
		}
		row++;
	}
	free(line);
	fclose(in);
	if (workbook_close(wb) != LXW_NO_ERROR)
		return 1;
	if (argc == 4) {
		int fd = open(argv[2], O_RDONLY);
		if (fd < 0 || fsync(fd) != 0)
			return 1;
		close(fd);
	}
	return 0;
}
