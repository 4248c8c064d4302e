/* sql_text.c - see sql_text.h. */
#include "sql_text.h"

#include <string.h>

/* "…" in UTF-8: three bytes, the width of one character. */
static const char ellipsis[] = "\xe2\x80\xa6";

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Past white space and the comments in front of the statement: they would
 * fill the label and tell nothing about what runs. */
static const char *skip_lead(const char *s)
{
	for (;;) {
		while (is_space((unsigned char)*s))
			s++;
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *end = strstr(s + 2, "*/");
			s = end ? end + 2 : s + strlen(s);
		} else {
			return s;
		}
	}
}

void shuffle_sql_short(char out[SHUFFLE_NOTE_LEN], const char *sql)
{
	const size_t cap = SHUFFLE_NOTE_LEN - 1; /* bytes of text, without the NUL */
	if (!sql) {
		strcpy(out, "(null)");
		return;
	}
	size_t n = 0, cut = 0; /* cut: where "…" goes if the text does not fit */
	int pending_space = 0;
	for (const unsigned char *p = (const unsigned char *)skip_lead(sql); *p; p++) {
		unsigned char c = *p;
		if (is_space(c) || c < 0x20 || c == 0x7f) {
			pending_space = n > 0;
			continue;
		}
		size_t need = (size_t)pending_space + 1;
		if (n + need > cap) {
			/* Too long: back to the last character boundary that leaves
			 * room for the ellipsis, dropping a trailing space. */
			n = cut;
			while (n > 0 && (((unsigned char)out[n] & 0xc0) == 0x80))
				n--;
			while (n > 0 && out[n - 1] == ' ')
				n--;
			memcpy(out + n, ellipsis, sizeof ellipsis);
			return;
		}
		if (pending_space)
			out[n++] = ' ';
		pending_space = 0;
		out[n++] = (char)c;
		if (n <= cap - (sizeof ellipsis - 1))
			cut = n;
	}
	out[n] = '\0';
}
