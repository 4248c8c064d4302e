/* errline.c - see errline.h. */
#include "errline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* Length of the valid UTF-8 sequence at s (1 to 4), or 0. */
static int utf8_length(const unsigned char *s)
{
	int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void verror_to(FILE *f, const char *fmt, va_list ap)
{
	char *text = NULL;
	int rc = vasprintf(&text, fmt, ap);
	fputs("shuffle-run: ", f);
	if (rc < 0) {
		fputs("out of memory\n", f);
		return;
	}
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		int n = *p >= 0x80 ? utf8_length(p) : *p < 0x20 || *p == 0x7f ? 0 : 1;
		if (n == 0)
			fprintf(f, "\\x%02x", *p++);
		else
			for (; n > 0; n--)
				fputc(*p++, f);
	}
	fputc('\n', f);
	free(text);
}

void shuffle_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_to(stderr, fmt, ap);
	va_end(ap);
}

void shuffle_error_to(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror_to(f, fmt, ap);
	va_end(ap);
}
