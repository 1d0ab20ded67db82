/*
 * sup_dump: the files vigild writes for the dump signals, merged from the
 * children's parts (see sup_dump.h).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/sup_dump.h"
#include "lib/log.h"
#include "lib/util.h"

int sup_dump_index(int signum)
{
	if (signum == SIGUSR1)
		return 0;
	if (signum == SIGUSR2)
		return 1;
	if (signum == SIGRTMIN + 2)
		return 2;
	return -1;
}

const char *sup_dump_name(int signum)
{
	switch (sup_dump_index(signum)) {
	case 0:
		return "vigil.data";
	case 1:
		return "vigil.stats";
	case 2:
		return "vigil.json";
	}
	return NULL;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The members of one JSON object text: what lies between its outer braces,
 * trimmed; false when the text is not an object. */
static bool object_body(const char *s, size_t len, const char **body, size_t *blen)
{
	size_t a = 0, b = len;

	while (a < b && is_ws(s[a]))
		a++;
	while (b > a && is_ws(s[b - 1]))
		b--;
	if (b - a < 2 || s[a] != '{' || s[b - 1] != '}')
		return false;
	a++;
	b--;
	while (a < b && is_ws(s[a]))
		a++;
	while (b > a && is_ws(s[b - 1]))
		b--;
	*body = s + a;
	*blen = b - a;
	return true;
}

char *sup_dump_merge_json(const char *const *parts, const size_t *lens, size_t n)
{
	struct strbuf b;
	bool first = true;

	strbuf_init(&b);
	strbuf_puts(&b, "{\n");
	for (size_t i = 0; i < n; i++) {
		const char *body;
		size_t blen;

		if (!parts[i] || !object_body(parts[i], lens[i], &body, &blen) || !blen)
			continue;
		if (!first)
			strbuf_puts(&b, ",\n");
		strbuf_puts(&b, "  ");
		strbuf_add(&b, body, blen);
		first = false;
	}
	strbuf_puts(&b, "\n}\n");
	return strbuf_steal(&b);
}

int sup_dump_write(int signum, const char *const *parts, const size_t *lens, size_t n)
{
	const char *name = sup_dump_name(signum);
	char *path, *tmp, *json = NULL;
	FILE *f;
	int rc = 0;

	if (!name)
		return -1;
	path = util_tmp_path(name);
	tmp = xasprintf("%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		log_warn("cannot write %s", tmp);
		free(tmp);
		free(path);
		return -1;
	}
	if (sup_dump_index(signum) == 2) {
		json = sup_dump_merge_json(parts, lens, n);
		fputs(json, f);
		free(json);
	} else {
		for (size_t i = 0; i < n; i++)
			if (parts[i] && lens[i])
				fwrite(parts[i], 1, lens[i], f);
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		log_warn("cannot write %s", path);
		remove(tmp);
		rc = -1;
	} else {
		log_info("state written to %s", path);
	}
	free(tmp);
	free(path);
	return rc;
}
