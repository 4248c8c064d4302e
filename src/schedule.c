/* schedule.c - writing and strictly reading schedule files; see schedule.h.
 *
 * Two kinds of lines:
 *  - token lines (shuffle-schedule, strategy, seed, run, decision, end):
 *    words separated by blanks, and a word starting with '#' begins a comment;
 *  - text lines (program, arg, verdict, thread's label): everything after the
 *    keyword's blanks, minus trailing whitespace, with no comment. program and
 *    arg use C escapes, so any byte string survives; a label or a verdict is
 *    only informative, and the writer flattens what the format cannot carry
 *    (control bytes, blanks at either end) rather than refuse to save a run.
 *
 * Invariants: whatever shuffle_schedule_write() accepts, the reader gives back
 * equal (labels and verdict up to that flattening); the writer checks the
 * schedule first and writes nothing at all when the reader would refuse it.
 * The reader takes every line in the order of schedule.h and stops at the
 * first error, freeing what it built.
 */
#include "schedule.h"

#include "ops.h"
#include "proto.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- checks */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A strategy name must survive the token reader: one word, not a comment. */
static bool is_word(const char *s)
{
	if (!s || !*s || *s == '#')
		return false;
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

static bool declared(const struct shuffle_schedule *s, uint32_t tid)
{
	return tid < s->n_threads && s->labels[tid];
}

/* Shared by the writer and the reader, so that what one writes the other reads. */
static int check_decision(const struct shuffle_schedule *s,
			  const struct shuffle_schedule_decision *d, char *why, size_t len)
{
	bool chosen_enabled = false;
	if (d->n_enabled < 2) {
		snprintf(why, len, "a decision needs two or more enabled threads");
		return -1;
	}
	for (uint32_t i = 0; i < d->n_enabled; i++) {
		if (i > 0 && d->enabled[i] <= d->enabled[i - 1]) {
			snprintf(why, len,
				 "enabled threads not in ascending order (%" PRIu32
				 " after %" PRIu32 ")",
				 d->enabled[i], d->enabled[i - 1]);
			return -1;
		}
		chosen_enabled |= d->enabled[i] == d->tid;
	}
	if (!chosen_enabled) {
		snprintf(why, len, "chosen thread %" PRIu32 " is not among the enabled threads",
			 d->tid);
		return -1;
	}
	if (!declared(s, d->tid)) {
		snprintf(why, len,
			 "decision names thread %" PRIu32 ", which no thread line declares",
			 d->tid);
		return -1;
	}
	for (uint32_t i = 0; i < d->n_enabled; i++) {
		if (!declared(s, d->enabled[i])) {
			snprintf(why, len,
				 "decision lists thread %" PRIu32
				 " as enabled, which no thread line declares",
				 d->enabled[i]);
			return -1;
		}
	}
	if (d->op >= SHUFFLE_OP_COUNT) {
		snprintf(why, len, "operation %" PRIu32 " has no name", d->op);
		return -1;
	}
	return 0;
}

static int check_schedule(const struct shuffle_schedule *s)
{
	char why[128];
	if (!s->program || !*s->program || !is_word(s->strategy) ||
	    s->n_threads > SHUFFLE_MAX_THREADS)
		return -1;
	for (size_t i = 0; i < s->n_args; i++)
		if (!s->args[i])
			return -1;
	for (size_t i = 0; i < s->n_decisions; i++)
		if (check_decision(s, &s->decisions[i], why, sizeof why) < 0)
			return -1;
	return 0;
}

/* --------------------------------------------------------------- writing */

static void put_escaped(FILE *f, const char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* The reader drops blanks at both ends of a text line. */
		bool edge = i == 0 || i + 1 == len;
		if (c == '\\' || c == '"')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < ' ' || c >= 0x7f || (c == ' ' && edge))
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void put_escaped_line(FILE *f, const char *keyword, const char *value)
{
	fputs(keyword, f);
	if (*value) {
		fputc(' ', f);
		put_escaped(f, value);
	}
	fputc('\n', f);
}

/* Text as the reader will see it: no blanks at either end, no control bytes. */
static void put_text(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t len = strlen(text);
	while (len > 0 && p[len - 1] <= ' ')
		len--;
	while (len > 0 && *p <= ' ') {
		p++;
		len--;
	}
	if (len == 0)
		return;
	fputc(' ', f);
	for (size_t i = 0; i < len; i++)
		fputc(p[i] < ' ' || p[i] == 0x7f ? '?' : p[i], f);
}

static void put_comment(FILE *f, const char *comment)
{
	while (*comment) {
		size_t len = strcspn(comment, "\n");
		if (len)
			fprintf(f, "# %.*s\n", (int)len, comment);
		else
			fputs("#\n", f);
		comment += len;
		if (*comment == '\n')
			comment++;
	}
}

static void put_decision(FILE *f, const struct shuffle_schedule_decision *d)
{
	fprintf(f, "decision %" PRIu32 " %s", d->tid, shuffle_op_name(d->op));
	for (uint32_t i = 0; i < d->n_enabled; i++)
		fprintf(f, " %" PRIu32, d->enabled[i]);
	fputc('\n', f);
}

int shuffle_schedule_write(FILE *f, const struct shuffle_schedule *s, const char *comment)
{
	if (check_schedule(s) < 0) {
		errno = EINVAL;
		return -1;
	}
	errno = 0;
	fprintf(f, "shuffle-schedule %d\n", SHUFFLE_SCHEDULE_VERSION);
	put_escaped_line(f, "program", s->program);
	for (size_t i = 0; i < s->n_args; i++)
		put_escaped_line(f, "arg", s->args[i]);
	fprintf(f, "strategy %s\nseed %" PRIu64 "\n", s->strategy, s->seed);
	if (s->points && (s->points & SHUFFLE_POINTS_ALL) != SHUFFLE_POINTS_ALL) {
		char kinds[128];
		shuffle_points_format(s->points, kinds, sizeof kinds);
		fprintf(f, "points %s\n", kinds);
	}
	fprintf(f, "run %" PRIu64 "\n", s->run);
	fputs("verdict", f);
	put_text(f, s->verdict ? s->verdict : "");
	fputc('\n', f);
	for (uint32_t tid = 0; tid < s->n_threads; tid++) {
		if (!s->labels[tid])
			continue;
		fprintf(f, "thread %" PRIu32, tid);
		put_text(f, s->labels[tid]);
		fputc('\n', f);
	}
	for (size_t i = 0; i < s->n_decisions; i++)
		put_decision(f, &s->decisions[i]);
	fputs("end\n", f);
	if (comment)
		put_comment(f, comment);
	if (fflush(f) == EOF || ferror(f)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	return 0;
}

/* --------------------------------------------------------------- reading */

/* The lines of a file, in the order they must come. */
enum section {
	SEC_NONE,
	SEC_HEADER,
	SEC_PROGRAM,
	SEC_ARG,
	SEC_STRATEGY,
	SEC_SEED,
	SEC_POINTS,
	SEC_RUN,
	SEC_VERDICT,
	SEC_THREAD,
	SEC_DECISION,
	SEC_END,
	SEC_COUNT
};

struct reader {
	const char *path;
	struct shuffle_schedule *s;
	size_t line;
	enum section at; /* the last section seen */
	size_t cap_args, cap_decisions;
	char *err;
	size_t errlen;
};

__attribute__((format(printf, 2, 3))) static int fail(struct reader *r, const char *fmt, ...)
{
	int n = snprintf(r->err, r->errlen, "line %zu: ", r->line);
	va_list ap;
	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static int no_memory(struct reader *r)
{
	fail(r, "out of memory");
	errno = ENOMEM;
	return -1;
}

/* Next word of a token line, NUL-terminated in place; NULL at the end of the
 * line or at a comment. */
static char *next_token(char **p)
{
	char *s = *p;
	while (is_blank(*s))
		s++;
	if (!*s || *s == '#') {
		*p = s;
		return NULL;
	}
	char *start = s;
	while (*s && !is_blank(*s))
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

static int expect_no_more(struct reader *r, char **p)
{
	const char *extra = next_token(p);
	return extra ? fail(r, "unexpected `%.32s`", extra) : 0;
}

static int parse_u64(struct reader *r, const char *tok, const char *what, uint64_t *out)
{
	if (!tok)
		return fail(r, "missing %s", what);
	uint64_t v = 0;
	for (const char *c = tok; *c; c++) {
		unsigned digit = (unsigned)(*c - '0');
		if (digit > 9 || v > (UINT64_MAX - digit) / 10)
			return fail(r, "bad %s `%.32s`", what, tok);
		v = v * 10 + digit;
	}
	if (!*tok)
		return fail(r, "missing %s", what);
	*out = v;
	return 0;
}

static int parse_tid(struct reader *r, const char *tok, const char *what, uint32_t *out)
{
	uint64_t v = 0;
	if (parse_u64(r, tok, what, &v) < 0)
		return -1;
	if (v >= SHUFFLE_MAX_THREADS)
		return fail(r, "%s %" PRIu64 " is out of range (at most %u threads)", what, v,
			    SHUFFLE_MAX_THREADS);
	*out = (uint32_t)v;
	return 0;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* One escape sequence at *in (just past the backslash) into *out. */
static int unescape_one(struct reader *r, const char **in, char *out)
{
	const char *p = *in;
	static const char simple[] = { '\\', '\\', 'n', '\n', 't', '\t', '"', '"' };
	for (size_t i = 0; i < sizeof simple; i += 2) {
		if (*p == simple[i]) {
			*out = simple[i + 1];
			*in = p + 1;
			return 0;
		}
	}
	if (*p != 'x')
		return fail(r, "bad escape `\\%c`", *p ? *p : '0');
	int hi = hex_digit(p[1]), lo = hi < 0 ? -1 : hex_digit(p[2]);
	if (lo < 0)
		return fail(r, "`\\x` needs two hex digits");
	if (hi == 0 && lo == 0)
		return fail(r, "`\\x00` cannot be in a string");
	*out = (char)(hi * 16 + lo);
	*in = p + 3;
	return 0;
}

static int unescape(struct reader *r, const char *in, char **out)
{
	char *buf = malloc(strlen(in) + 1), *o = buf;
	if (!buf)
		return no_memory(r);
	while (*in) {
		if (*in != '\\') {
			*o++ = *in++;
			continue;
		}
		in++;
		if (unescape_one(r, &in, o++) < 0) {
			free(buf);
			return -1;
		}
	}
	*o = '\0';
	*out = buf;
	return 0;
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

static int dup_text(struct reader *r, const char *text, char **out)
{
	*out = strdup(skip_blanks(text));
	return *out ? 0 : no_memory(r);
}

static int parse_header(struct reader *r, char *rest)
{
	uint64_t version = 0;
	if (parse_u64(r, next_token(&rest), "schedule version", &version) < 0)
		return -1;
	if (version != SHUFFLE_SCHEDULE_VERSION)
		return fail(r, "schedule version %" PRIu64 ", this shuffle-run reads version %d",
			    version, SHUFFLE_SCHEDULE_VERSION);
	return expect_no_more(r, &rest);
}

static int parse_program(struct reader *r, char *rest)
{
	if (unescape(r, skip_blanks(rest), &r->s->program) < 0)
		return -1;
	return *r->s->program ? 0 : fail(r, "program line names no program");
}

static int parse_arg(struct reader *r, char *rest)
{
	struct shuffle_schedule *s = r->s;
	if (s->n_args == r->cap_args) {
		size_t cap = r->cap_args ? 2 * r->cap_args : 8;
		char **args = reallocarray(s->args, cap, sizeof *args);
		if (!args)
			return no_memory(r);
		s->args = args;
		r->cap_args = cap;
	}
	if (unescape(r, skip_blanks(rest), &s->args[s->n_args]) < 0)
		return -1;
	s->n_args++;
	return 0;
}

static int parse_strategy(struct reader *r, char *rest)
{
	const char *name = next_token(&rest);
	if (!name)
		return fail(r, "missing strategy name");
	if (!is_word(name))
		return fail(r, "strategy name `%.32s` has a control byte", name);
	if (expect_no_more(r, &rest) < 0)
		return -1;
	r->s->strategy = strdup(name);
	return r->s->strategy ? 0 : no_memory(r);
}

static int parse_seed(struct reader *r, char *rest)
{
	if (parse_u64(r, next_token(&rest), "seed", &r->s->seed) < 0)
		return -1;
	return expect_no_more(r, &rest);
}

static int parse_points(struct reader *r, char *rest)
{
	char bad[64];
	const char *kinds = next_token(&rest);
	if (!kinds)
		return fail(r, "missing kinds of points");
	if (shuffle_points_parse(kinds, &r->s->points, bad, sizeof bad) < 0)
		return fail(r, "unknown kind of point '%s'", bad);
	return expect_no_more(r, &rest);
}

static int parse_run(struct reader *r, char *rest)
{
	if (parse_u64(r, next_token(&rest), "run number", &r->s->run) < 0)
		return -1;
	return expect_no_more(r, &rest);
}

static int parse_verdict(struct reader *r, char *rest)
{
	return dup_text(r, rest, &r->s->verdict);
}

static int parse_thread(struct reader *r, char *rest)
{
	struct shuffle_schedule *s = r->s;
	uint32_t tid = 0;
	if (parse_tid(r, next_token(&rest), "thread id", &tid) < 0)
		return -1;
	if (declared(s, tid))
		return fail(r, "thread %" PRIu32 " is declared twice", tid);
	if (!s->labels) {
		/* Room for every possible tid: labels[] never moves again. */
		s->labels = calloc(SHUFFLE_MAX_THREADS, sizeof *s->labels);
		if (!s->labels)
			return no_memory(r);
	}
	if (dup_text(r, rest, &s->labels[tid]) < 0)
		return -1;
	if (tid >= s->n_threads)
		s->n_threads = tid + 1;
	return 0;
}

static int add_decision(struct reader *r, const struct shuffle_schedule_decision *d)
{
	struct shuffle_schedule *s = r->s;
	if (s->n_decisions == r->cap_decisions) {
		size_t cap = r->cap_decisions ? 2 * r->cap_decisions : 64;
		struct shuffle_schedule_decision *p = reallocarray(s->decisions, cap, sizeof *p);
		if (!p)
			return no_memory(r);
		s->decisions = p;
		r->cap_decisions = cap;
	}
	struct shuffle_schedule_decision *to = &s->decisions[s->n_decisions];
	*to = *d;
	to->enabled = malloc(d->n_enabled * sizeof *to->enabled);
	if (!to->enabled)
		return no_memory(r);
	memcpy(to->enabled, d->enabled, d->n_enabled * sizeof *to->enabled);
	s->n_decisions++;
	return 0;
}

static int parse_decision(struct reader *r, char *rest)
{
	uint32_t enabled[SHUFFLE_MAX_THREADS];
	struct shuffle_schedule_decision d = { .enabled = enabled };
	if (parse_tid(r, next_token(&rest), "thread id", &d.tid) < 0)
		return -1;
	const char *op = next_token(&rest);
	if (!op)
		return fail(r, "missing operation");
	d.op = shuffle_op_from_name(op);
	if (d.op == SHUFFLE_OP_COUNT)
		return fail(r, "unknown operation `%.32s`", op);
	for (const char *tok; (tok = next_token(&rest)) != NULL; d.n_enabled++) {
		if (d.n_enabled == SHUFFLE_MAX_THREADS)
			return fail(r, "more than %u enabled threads", SHUFFLE_MAX_THREADS);
		if (parse_tid(r, tok, "enabled thread id", &enabled[d.n_enabled]) < 0)
			return -1;
	}
	char why[128];
	if (check_decision(r->s, &d, why, sizeof why) < 0)
		return fail(r, "%s", why);
	return add_decision(r, &d);
}

static int parse_end(struct reader *r, char *rest)
{
	return expect_no_more(r, &rest);
}

static const struct {
	const char *keyword;
	bool optional; /* may be absent, and repeated */
	int (*parse)(struct reader *r, char *rest);
} sections[SEC_COUNT] = {
	[SEC_HEADER] = { "shuffle-schedule", false, parse_header },
	[SEC_PROGRAM] = { "program", false, parse_program },
	[SEC_ARG] = { "arg", true, parse_arg },
	[SEC_STRATEGY] = { "strategy", false, parse_strategy },
	[SEC_SEED] = { "seed", false, parse_seed },
	[SEC_POINTS] = { "points", true, parse_points },
	[SEC_RUN] = { "run", false, parse_run },
	[SEC_VERDICT] = { "verdict", false, parse_verdict },
	[SEC_THREAD] = { "thread", true, parse_thread },
	[SEC_DECISION] = { "decision", true, parse_decision },
	[SEC_END] = { "end", false, parse_end },
};

static enum section next_required(enum section at)
{
	enum section k = at + 1;
	while (k < SEC_END && sections[k].optional)
		k++;
	return k;
}

static int check_order(struct reader *r, enum section k)
{
	if (k == r->at && sections[k].optional)
		return 0;
	if (k <= r->at)
		return fail(r, "`%s` line out of order (after a `%s` line)", sections[k].keyword,
			    sections[r->at].keyword);
	if (k > next_required(r->at))
		return fail(r, "expected the `%s` line, found `%s`",
			    sections[next_required(r->at)].keyword, sections[k].keyword);
	return 0;
}

static int parse_line(struct reader *r, char *line)
{
	char *rest = line;
	const char *keyword = next_token(&rest);
	if (!keyword)
		return 0;
	if (r->at == SEC_END)
		return fail(r, "text after the `end` line");
	enum section k = SEC_HEADER;
	while (k < SEC_COUNT && strcmp(sections[k].keyword, keyword) != 0)
		k++;
	if (k == SEC_COUNT)
		return fail(r, "unknown keyword `%.32s`", keyword);
	if (check_order(r, k) < 0 || sections[k].parse(r, rest) < 0)
		return -1;
	r->at = k;
	return 0;
}

static void chomp(char *line, size_t len)
{
	while (len > 0 && (unsigned char)line[len - 1] <= ' ')
		line[--len] = '\0';
}

static int read_lines(FILE *f, struct reader *r)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		r->line++;
		if (strlen(line) != (size_t)len) {
			rc = fail(r, "NUL byte in the line");
			break;
		}
		chomp(line, (size_t)len);
		rc = parse_line(r, line);
	}
	free(line);
	if (rc == 0 && ferror(f)) {
		int e = errno;
		snprintf(r->err, r->errlen, "cannot read %s: %s", r->path, strerror(e));
		errno = e;
		return -1;
	}
	if (rc == 0 && r->at != SEC_END) {
		r->line++;
		return fail(r, "end of file, expected the `%s` line",
			    sections[next_required(r->at)].keyword);
	}
	return rc;
}

int shuffle_schedule_parse(FILE *f, const char *name, struct shuffle_schedule *s, char *err,
			   size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->points = SHUFFLE_POINTS_ALL;
	struct reader r = { .path = name, .s = s, .at = SEC_NONE, .err = err, .errlen = errlen };
	int rc = read_lines(f, &r);
	if (rc < 0) {
		int e = errno;
		shuffle_schedule_free(s);
		errno = e;
	}
	return rc;
}

int shuffle_schedule_read(const char *path, struct shuffle_schedule *s, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
		errno = e;
		return -1;
	}
	int rc = shuffle_schedule_parse(f, path, s, err, errlen);
	int e = errno;
	fclose(f);
	errno = e;
	return rc;
}

void shuffle_schedule_free(struct shuffle_schedule *s)
{
	free(s->program);
	for (size_t i = 0; i < s->n_args; i++)
		free(s->args[i]);
	free(s->args);
	free(s->strategy);
	free(s->verdict);
	for (uint32_t i = 0; i < s->n_threads; i++)
		free(s->labels[i]);
	free(s->labels);
	for (size_t i = 0; i < s->n_decisions; i++)
		free(s->decisions[i].enabled);
	free(s->decisions);
	memset(s, 0, sizeof *s);
}
