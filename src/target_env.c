/* target_env.c - see target_env.h. */
#include "target_env.h"

#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int has_name(const char *entry, const char *name)
{
	size_t len = strlen(name);
	return strncmp(entry, name, len) == 0 && entry[len] == '=';
}

char **shuffle_target_env(const char *preload)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **env = calloc(n + 4, sizeof *env);
	if (!env)
		return NULL;
	size_t k = 0;
	const char *old_preload = NULL;
	for (size_t i = 0; i < n; i++) {
		if (has_name(environ[i], SHUFFLE_ENV_PLAN_FD) ||
		    has_name(environ[i], SHUFFLE_ENV_TRACE_FD))
			continue;
		if (has_name(environ[i], "LD_PRELOAD")) {
			old_preload = environ[i] + strlen("LD_PRELOAD=");
			continue;
		}
		env[k++] = environ[i];
	}
	char *pre = NULL, *plan = NULL, *trace = NULL;
	if (asprintf(&pre, "LD_PRELOAD=%s%s%s", old_preload && *old_preload ? old_preload : "",
		     old_preload && *old_preload ? ":" : "", preload) < 0 ||
	    asprintf(&plan, "%s=%d", SHUFFLE_ENV_PLAN_FD, SHUFFLE_PLAN_FD_NUM) < 0 ||
	    asprintf(&trace, "%s=%d", SHUFFLE_ENV_TRACE_FD, SHUFFLE_TRACE_FD_NUM) < 0) {
		free(env);
		return NULL;
	}
	env[k++] = pre;
	env[k++] = plan;
	env[k++] = trace;
	env[k] = NULL;
	return env;
}

void shuffle_target_env_free(char **env)
{
	size_t n = 0;
	while (env[n])
		n++;
	for (size_t i = n - 3; i < n; i++)
		free(env[i]);
	free(env);
}

void *shuffle_plan_bytes(const struct shuffle_plan *p, uint32_t strategy, uint32_t points,
			 uint64_t max_steps, size_t *len)
{
	struct shuffle_plan_header h = {
		.magic = SHUFFLE_PLAN_MAGIC,
		.version = SHUFFLE_PROTO_VERSION,
		.strategy = strategy,
		.n_prefix = (uint32_t)p->n_prefix,
		.seed = p->seed,
		.max_steps = max_steps,
		.points = points,
		.policy_arg = p->policy_arg,
	};
	*len = sizeof h + p->n_prefix * sizeof *p->prefix;
	char *buf = malloc(*len);
	if (!buf)
		return NULL;
	memcpy(buf, &h, sizeof h);
	if (p->n_prefix)
		memcpy(buf + sizeof h, p->prefix, p->n_prefix * sizeof *p->prefix);
	return buf;
}
