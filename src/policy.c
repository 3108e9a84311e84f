/*
 * policy.c - what the analyzer's level means for a run: run it, ask a
 * person first, or refuse it.
 *
 *	[policy]
 *	ask_at = high		# low, medium, high, critical or never
 *	block_at = critical
 *	rules = /home/me/.config/kiln/my.rules
 *	allow_override = no	# yes: the workbench may run blocked code
 *				# once its user types a confirmation
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "kiln.h"

/* The defaults: ask from high, refuse critical, no rules of the user's. */
void
policy_defaults(struct policy *p)
{
	memset(p, 0, sizeof *p);
	p->ask_at = RISK_HIGH;
	p->block_at = RISK_CRITICAL;
}

/*
 * Sets one [policy] key, or its flag (ask-at for ask_at); -1 and *err, which
 * names the key as it was given, if the value is bad.
 */
int
policy_set(struct policy *p, const char *key, const char *value, char **err)
{
	enum risk	r;

	if (strcmp(key, "ask_at") == 0 || strcmp(key, "block_at") == 0 ||
	    strcmp(key, "ask-at") == 0 || strcmp(key, "block-at") == 0) {
		if (risk_parse(value, 1, &r) < 0) {
			*err = xasprintf("%s: '%s' is not low, medium, high, "
			    "critical or never", key, value);
			return -1;
		}
		if (key[0] == 'a')
			p->ask_at = r;
		else
			p->block_at = r;
		return 0;
	}
	if (strcmp(key, "rules") == 0) {
		if (value[0] != '/') {
			*err = xasprintf("rules: the path must be absolute, "
			    "not '%s'", value);
			return -1;
		}
		free(p->rules_path);
		p->rules_path = xstrdup(value);
		return 0;
	}
	if (strcmp(key, "allow_override") == 0 ||
	    strcmp(key, "allow-override") == 0) {
		if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0)
			p->allow_override = 1;
		else if (strcmp(value, "no") == 0 ||
		    strcmp(value, "false") == 0)
			p->allow_override = 0;
		else {
			*err = xasprintf("%s: '%s' is not yes or no", key,
			    value);
			return -1;
		}
		return 0;
	}
	*err = xasprintf("unknown key '%s' in [policy] (known: ask_at, "
	    "block_at, rules, allow_override)", key);
	return -1;
}

/* What to do with a run at this level. Blocking wins over asking. */
enum policy_action
policy_decide(const struct policy *p, enum risk level)
{
	if (level == RISK_NONE)
		return POLICY_RUN;
	if (p->block_at != RISK_NEVER && (int)level >= p->block_at)
		return POLICY_BLOCK;
	if (p->ask_at != RISK_NEVER && (int)level >= p->ask_at)
		return POLICY_ASK;
	return POLICY_RUN;
}

/* Frees what the policy holds. */
void
policy_free(struct policy *p)
{
	free(p->rules_path);
	p->rules_path = NULL;
}
