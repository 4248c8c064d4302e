/* sql_text.c - see sql_text.h. */
#include "sql_text.h"

#include <string.h>
#include <strings.h>

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

/* Is the word at s (of n letters) `word`, in any case? */
static int word_is(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && !strncasecmp(s, word, n);
}

int shuffle_sql_only_begins(const char *sql)
{
	/* The words a transaction's opening may have after BEGIN / START
	 * TRANSACTION without a snapshot or lock of its own. */
	static const char *const allowed[] = {
		"TRANSACTION", "WORK",	       "DEFERRED", "ISOLATION",	 "LEVEL",
		"READ",	       "WRITE",	       "ONLY",	   "COMMITTED",	 "UNCOMMITTED",
		"REPEATABLE",  "SERIALIZABLE", "NOT",	   "DEFERRABLE",
	};
	if (!sql)
		return 0;
	const char *s = skip_lead(sql);
	size_t words = 0;
	int start = 0; /* it began with START, which TRANSACTION must follow */
	int ended = 0; /* past the closing ';' */
	for (;;) {
		while (is_space((unsigned char)*s) || *s == ',')
			s++;
		if (!*s)
			return words > (size_t)start;
		if (*s == ';') {
			ended = 1;
			s = skip_lead(s + 1);
			continue;
		}
		if (ended)
			return 0; /* a second statement */
		size_t n = 0;
		while (s[n] && ((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z'))
			n++;
		if (n == 0)
			return 0;
		if (words == 0) {
			start = word_is(s, n, "START");
			if (!start && !word_is(s, n, "BEGIN"))
				return 0;
		} else if (words == 1 && start) {
			if (!word_is(s, n, "TRANSACTION"))
				return 0;
		} else {
			size_t i = 0;
			while (i < sizeof allowed / sizeof *allowed && !word_is(s, n, allowed[i]))
				i++;
			if (i == sizeof allowed / sizeof *allowed)
				return 0;
		}
		words++;
		s += n;
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
