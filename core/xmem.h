/* core/xmem.h: allocation that aborts on failure, the growable string,
 * and writing a buffer whole. */
#ifndef CREDITDESK_XMEM_H
#define CREDITDESK_XMEM_H

#include <stdbool.h>
#include <stddef.h>

/* Call fn before aborting for lack of memory (the terminal program
 * restores the terminal); NULL removes it. */
void xmem_on_abort(void (*fn)(void));
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable NUL-terminated byte string. */
struct strbuf {
	char *buf; /* always NUL-terminated once anything was added */
	size_t len, cap;
};
void sb_add(struct strbuf *sb, const char *s, size_t n);
/* One byte added: inline while there is room (the CSV reader adds every
 * byte of a file so). */
static inline void sb_addc(struct strbuf *sb, char c)
{
	if (sb->len + 2 <= sb->cap) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = '\0';
	} else {
		sb_add(sb, &c, 1);
	}
}
void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_add_json_string(struct strbuf *sb, const char *s); /* with quotes */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);
/* Hand the buffer to the caller (never NULL); sb is empty afterwards. */
char *sb_detach(struct strbuf *sb);

/* write(2) until all n bytes are written (EINTR retried); false on an
 * error (errno set). */
bool write_all(int fd, const void *buf, size_t n);

#endif
